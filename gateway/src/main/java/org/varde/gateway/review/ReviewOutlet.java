package org.varde.gateway.review;

import java.util.Optional;

import org.varde.connectors.sink.HumanReview;

/**
 * Where a decided review goes: the delivery hand-over (the one place a received result becomes
 * deliveries) implements it. Blocking; called from a worker. Both calls are idempotent: after a stop
 * the gate calls again for a decision it had not marked handed over.
 */
public interface ReviewOutlet {

    /**
     * Approved or released on timeout: create the result's deliveries, stating {@code human} and, when
     * the reviewer chose one, with their priority instead of the policy's.
     */
    void deliver(Review review, HumanReview human, Optional<Review.PriorityChoice> priority);

    /** Rejected: nothing clinical goes out; the job ends saying why. */
    void reject(Review review);
}
