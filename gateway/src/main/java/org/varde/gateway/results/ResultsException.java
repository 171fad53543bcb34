package org.varde.gateway.results;

/** The results stage's rows could not be read or written. */
public final class ResultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultsException(String message, Throwable cause) {
        super(message, cause);
    }
}
