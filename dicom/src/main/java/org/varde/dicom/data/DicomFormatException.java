package org.varde.dicom.data;

import java.io.IOException;

/** Input that is not a well-formed DICOM data set; the message says where and why. */
public class DicomFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /** @param offset byte offset in the data set stream where the problem was found, -1 if unknown */
    public DicomFormatException(String message, long offset) {
        super(offset >= 0 ? message + " at offset " + offset : message);
        this.offset = offset;
    }

    public DicomFormatException(String message, long offset, Throwable cause) {
        this(message, offset);
        initCause(cause);
    }

    public long offset() {
        return offset;
    }
}
