package org.varde.gateway.review;

/** Where a held result is in its review. */
public enum ReviewState {
    /** Waiting for a reviewer. */
    PENDING,
    /** A reviewer looked and put it off; still waiting, still counted against its alert time. */
    DEFERRED,
    /** Approved: its deliveries go out, verified by the reviewer. */
    APPROVED,
    /** Rejected with a reason: nothing clinical goes out. */
    REJECTED,
    /** Nobody decided within the alert time and the route releases on timeout: delivered unreviewed. */
    RELEASED;

    /** Still waiting for a decision. */
    public boolean waiting() {
        return this == PENDING || this == DEFERRED;
    }
}
