package org.varde.gateway.results;

/** A result that cannot be taken: the message says why, in words for the job's history and the vendor. */
public final class ResultRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ResultRefusedException(String message) {
        super(message);
    }
}
