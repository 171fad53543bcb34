package org.varde.connectors.algorithm.dicom;

/** A vendor's result object Varde cannot normalise; the message says why, for the job's history. */
public final class UnusableResultException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnusableResultException(String message) {
        super(message);
    }
}
