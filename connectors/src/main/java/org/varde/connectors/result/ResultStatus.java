package org.varde.connectors.result;

/** The overall verdict of one result. */
public enum ResultStatus {
    /** At least one finding present. */
    POSITIVE,
    /** Looked, found nothing it looks for. */
    NEGATIVE,
    /** Ran, but cannot say (poor image quality, out of its range). */
    INCONCLUSIVE,
    /** The vendor reports that it could not process the study. */
    FAILED
}
