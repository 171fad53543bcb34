package org.varde.dicom.web;

/** A {@code multipart/related} body that breaks RFC 2046 or a limit: the request is refused with this. */
public final class MultipartException extends Exception {
    private static final long serialVersionUID = 1L;

    public MultipartException(String message) {
        super(message);
    }
}
