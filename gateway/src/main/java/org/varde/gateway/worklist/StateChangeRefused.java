package org.varde.gateway.worklist;

/**
 * A UPS-RS request the workitem's state does not allow, with the HTTP status PS3.18 gives it and the
 * words for the Warning header (PS3.18 11.7.3.2, 11.8.3.2).
 */
public final class StateChangeRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public StateChangeRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 (bad Transaction UID, a transition the state machine has not), 404 (no such workitem of the caller), 409 (conflict). */
    public int status() {
        return status;
    }
}
