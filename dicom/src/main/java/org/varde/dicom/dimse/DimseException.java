package org.varde.dicom.dimse;

/** A DIMSE operation failed with a status the SCP will answer; the comment goes into Error Comment (0000,0902). */
public class DimseException extends Exception {
    private final Status status;

    public DimseException(Status status, String comment) {
        super(comment);
        this.status = status;
    }

    public DimseException(Status status, String comment, Throwable cause) {
        super(comment, cause);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
