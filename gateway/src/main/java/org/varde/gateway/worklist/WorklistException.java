package org.varde.gateway.worklist;

/** The worklist's rows could not be read or written (the database failed). */
public final class WorklistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorklistException(String message, Throwable cause) {
        super(message, cause);
    }
}
