package org.varde.dicom.data;

/**
 * A data set refused because reading it would exceed a configured {@link ReadLimits} (what may be
 * kept, how far a deflated stream may inflate), not because it is malformed. It says which limit, so
 * the caller can name its own setting and an administrator can tell a hostile peer from a limit set
 * too low.
 */
public final class DataSetLimitException extends DicomFormatException {

    private static final long serialVersionUID = 1L;

    /** The limits of {@link ReadLimits}, by name. */
    public enum Limit { MAX_KEPT_BYTES, MAX_INFLATION_RATIO, MAX_INFLATED_BYTES }

    private final Limit limit;

    public DataSetLimitException(Limit limit, String message, long offset) {
        super(message, offset);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
