package org.varde.gateway.review;

/** The review table could not be read or written (the database, not the caller). */
public final class ReviewStoreException extends RuntimeException {
    public ReviewStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
