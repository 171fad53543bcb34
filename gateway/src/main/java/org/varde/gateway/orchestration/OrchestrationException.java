package org.varde.gateway.orchestration;

/** The database behind routing decisions or dispatched instances failed. */
public class OrchestrationException extends RuntimeException {
    public OrchestrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
