package org.varde.gateway.review;

import java.util.Optional;

import org.varde.gateway.access.Caller;

/**
 * Told of every decision the gate records, after its commit: the audit trail listens (one event per
 * approval, rejection, deferral, undo and release on timeout, and per decision refused). Blocking;
 * it must not throw into the gate (the decision stands whatever a listener does).
 */
public interface ReviewEvents {
    ReviewEvents NONE = new ReviewEvents() {
        @Override
        public void decided(Review before, Review after, ReviewGate.Decision decision, Caller by) {
        }

        @Override
        public void refused(Optional<Review> review, String id, ReviewGate.Decision decision, Caller by, String why) {
        }

        @Override
        public void released(Review released) {
        }
    };

    /**
     * A reviewer's decision was recorded.
     *
     * @param before the review as it was (for an undo: the decision taken back)
     */
    void decided(Review before, Review after, ReviewGate.Decision decision, Caller by);

    /** A decision the review's state did not allow (decided already, someone else's, handed over). */
    void refused(Optional<Review> review, String id, ReviewGate.Decision decision, Caller by, String why);

    /** Nobody decided in time and the route releases on timeout: delivered unreviewed. */
    void released(Review released);
}
