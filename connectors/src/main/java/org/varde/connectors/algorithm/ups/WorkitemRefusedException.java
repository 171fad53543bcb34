package org.varde.connectors.algorithm.ups;

/** The worklist will not schedule a workitem, for a reason no retry cures (said in words). */
public final class WorkitemRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkitemRefusedException(String message) {
        super(message);
    }
}
