package org.varde.dicom.data;

/**
 * How much a {@link DicomReader} may hold and inflate while it reads one data set: what keeps a
 * header parse bounded whatever the instance carries before Pixel Data (private blobs, overlays, an
 * encapsulated document, a deflated stream built to inflate enormously). Options as data: built from
 * config, validated here, immutable.
 *
 * @param bulkValueBytes    a value of a bulk VR (OB, OW, OF, OD, OL, OV, UN, UT), an encapsulated
 *                          fragment, or a defined-length sequence item longer than this is skipped
 *                          (read past, not kept); -1 keeps everything
 * @param maxKeptBytes      the budget of what is kept (element headers and values, counted after
 *                          inflation); a data set needing more is refused with {@link DataSetLimitException}
 * @param maxInflationRatio a deflated data set whose inflated bytes exceed this many times the
 *                          compressed bytes read (once past {@link #RATIO_GRACE_BYTES}) is refused
 * @param maxInflatedBytes  a deflated data set inflating to more than this before the reader stops is refused
 */
public record ReadLimits(int bulkValueBytes, long maxKeptBytes, int maxInflationRatio, long maxInflatedBytes) {
    public static final int DEFAULT_BULK_VALUE_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_KEPT_BYTES = 16L * 1024 * 1024;
    /**
     * Deflate reaches about 1032:1 on runs of one byte; real headers (text, UIDs, small binary values)
     * inflate 3 to 20 times. 200 leaves room for padding-heavy private blocks and stops a bomb at once.
     */
    public static final int DEFAULT_MAX_INFLATION_RATIO = 200;
    public static final long DEFAULT_MAX_INFLATED_BYTES = 1L << 30;
    /** The ratio is judged only past this many inflated bytes: a tiny stream says nothing yet. */
    public static final long RATIO_GRACE_BYTES = 1 << 20;

    /** What an ingest uses unless configured otherwise. */
    public static final ReadLimits DEFAULTS = new ReadLimits(DEFAULT_BULK_VALUE_BYTES, DEFAULT_MAX_KEPT_BYTES,
            DEFAULT_MAX_INFLATION_RATIO, DEFAULT_MAX_INFLATED_BYTES);
    /** Keep and inflate everything: for tools reading trusted files whole; never for what a peer sends. */
    public static final ReadLimits NONE = new ReadLimits(-1, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);

    public ReadLimits {
        if (bulkValueBytes < -1) {
            throw new IllegalArgumentException("bulkValueBytes must be -1 or more, was " + bulkValueBytes);
        }
        if (maxKeptBytes < 1 || maxInflationRatio < 1 || maxInflatedBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxKeptBytes + ", "
                    + maxInflationRatio + ", " + maxInflatedBytes);
        }
    }

    /** The same limits with another threshold for skipped values. */
    public ReadLimits withBulkValueBytes(int bytes) {
        return new ReadLimits(bytes, maxKeptBytes, maxInflationRatio, maxInflatedBytes);
    }
}
