package org.varde.gateway.orchestration;

/** What became of one routing decision. */
public enum Disposition {
    /** A SEND decision: the job exists (created now, or earlier by a repeated hand-over). */
    JOB,
    /**
     * A SEND decision for a follow-up ("study updated") of a route without {@code acceptUpdates}:
     * recorded, nothing sent again.
     */
    UPDATE_NOT_ACCEPTED,
    /** Not a SEND decision: nothing to do. */
    NONE
}
