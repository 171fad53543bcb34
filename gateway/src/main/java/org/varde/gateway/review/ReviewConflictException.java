package org.varde.gateway.review;

/** A decision that the review's state does not allow (decided already, undone by someone else, handed over). */
public final class ReviewConflictException extends RuntimeException {
    public ReviewConflictException(String message) {
        super(message);
    }
}
