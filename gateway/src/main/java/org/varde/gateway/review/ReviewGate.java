package org.varde.gateway.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.sink.HumanReview;
import org.varde.gateway.access.Caller;
import org.varde.gateway.routing.ReviewPolicy;

import io.vertx.core.Vertx;

/**
 * The review stage: holds results, takes reviewers' decisions, and hands each decision on exactly
 * once through the {@link ReviewOutlet}. A sweep raises the alert of results waiting too long,
 * releases those whose route says {@code onTimeout: release}, and hands on decisions a stop cut short.
 * Blocking methods (JDBC): call them from a worker.
 */
public final class ReviewGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewGate.class);
    private static final int BATCH = 500;

    /** What a reviewer decides. */
    public enum Decision {
        APPROVE, REJECT, DEFER, UNDO
    }

    private final Vertx vertx;
    private final ReviewStore store;
    private final ReviewMetrics metrics;
    private final Clock clock;
    private final ReviewEvents events;
    private volatile ReviewOutlet outlet;
    private long sweepTimer = -1;

    public ReviewGate(Vertx vertx, ReviewStore store, ReviewMetrics metrics, Clock clock) {
        this(vertx, store, metrics, clock, ReviewEvents.NONE);
    }

    /** @param events told of every decision after its commit (the audit trail) */
    public ReviewGate(Vertx vertx, ReviewStore store, ReviewMetrics metrics, Clock clock, ReviewEvents events) {
        this.vertx = vertx;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.events = events;
    }

    /** Set once by the delivery hand-over, before {@link #start}. */
    public void outlet(ReviewOutlet outlet) {
        this.outlet = Objects.requireNonNull(outlet, "outlet");
    }

    public ReviewStore store() {
        return store;
    }

    /** Sweeps now and every {@code every}. */
    public void start(Duration every) {
        vertx.executeBlocking(() -> {
            sweep();
            return null;
        }, false).onFailure(e -> LOG.warn("review sweep failed: {}", e.toString()));
        sweepTimer = vertx.setPeriodic(every.toMillis(), id -> vertx.executeBlocking(() -> {
            sweep();
            return null;
        }, false).onFailure(e -> LOG.warn("review sweep failed: {}", e.toString())));
    }

    /** Holds a received result for review (idempotent per result). */
    public Review hold(ReviewStore.Hold hold) {
        Review r = store.hold(hold, clock.instant());
        LOG.info("result {} of job {} held for review {}", hold.resultId(), hold.jobId(), r.id());
        refreshCounts();
        return r;
    }

    /**
     * A reviewer's decision, told to the {@link ReviewEvents} (refused ones too).
     *
     * @param by       the reviewer: a token's name or the OIDC user, and how they signed in
     * @param reason   required for a rejection, optional otherwise
     * @param priority on approval: the reviewer's priority instead of the policy's (empty: the policy's)
     * @throws IllegalArgumentException a rejection without a reason
     * @throws ReviewConflictException  the review's state does not allow it
     */
    public Review decide(String id, Decision decision, Caller by, String reason,
                         Optional<Review.PriorityChoice> priority) {
        if (decision == Decision.REJECT && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        Instant now = clock.instant();
        // for an undo, what is taken back (the store refuses it if it changed meanwhile)
        Optional<Review> before = store.find(id);
        Review r;
        try {
            r = switch (decision) {
                case APPROVE -> store.decide(id, ReviewState.APPROVED, by, reason, priority, now);
                case REJECT -> store.decide(id, ReviewState.REJECTED, by, reason.trim(), Optional.empty(), now);
                case DEFER -> store.decide(id, ReviewState.DEFERRED, by, reason, Optional.empty(), now);
                case UNDO -> store.undo(id, by, now);
            };
        } catch (ReviewConflictException e) {
            events.refused(before, id, decision, by, e.getMessage());
            throw e;
        }
        events.decided(before.orElse(r), r, decision, by);
        LOG.info("review {} of result {}: {} by {}", id, r.resultId(), decision, by.describe());
        if (decision != Decision.UNDO) {
            metrics.decided(r.state());
        }
        if (!r.state().waiting()) {
            try {
                handOn(r);
            } catch (RuntimeException e) {
                // the decision is recorded; the sweep hands it on
                LOG.warn("review {}: decided, hand-over failed, the sweep retries: {}", id, e.toString());
            }
        }
        refreshCounts();
        return store.find(id).orElse(r);
    }

    /** Alerts, releases on timeout, and decisions not yet handed on. Blocking. */
    public void sweep() {
        Instant now = clock.instant();
        for (Review r : store.notHandedOver(BATCH)) {
            handOn(r);
        }
        for (Review r : store.list(EnumSet.of(ReviewState.PENDING, ReviewState.DEFERRED), BATCH)) {
            if (!r.overdue(now)) {
                continue;
            }
            if (r.alertedAt() == null && store.alerted(r.id(), now)) {
                metrics.alert();
                LOG.warn("review {} of result {} (job {}) has waited longer than {} min", r.id(), r.resultId(), r.jobId(),
                        r.alertAfter().toMinutes());
            }
            if (r.onTimeout() == ReviewPolicy.OnTimeout.RELEASE) {
                store.release(r.id(), Duration.between(r.createdAt(), now), now).ifPresent(released -> {
                    metrics.decided(ReviewState.RELEASED);
                    events.released(released);
                    LOG.warn("review {} of result {}: released without review (onTimeout: release)", r.id(), r.resultId());
                    handOn(released);
                });
            }
        }
        refreshCounts();
    }

    private void handOn(Review r) {
        ReviewOutlet target = outlet;
        if (target == null) {
            LOG.warn("review {}: decided but no delivery hand-over is wired; the sweep hands it on later", r.id());
            return;
        }
        String detail;
        switch (r.state()) {
            case APPROVED -> {
                target.deliver(r, HumanReview.approved(r.reviewer(), r.organisation(), r.decidedAt()), r.priorityChoice());
                detail = "handed to delivery, verified by " + r.reviewer();
            }
            case RELEASED -> {
                target.deliver(r, HumanReview.releasedOnTimeout(r.decidedAt(), Duration.between(r.createdAt(),
                        r.decidedAt())), Optional.empty());
                detail = "handed to delivery unreviewed (released on timeout)";
            }
            case REJECTED -> {
                target.reject(r);
                detail = "rejected: nothing delivered";
            }
            default -> {
                return;
            }
        }
        store.handedOver(r.id(), detail, clock.instant());
    }

    private void refreshCounts() {
        Instant now = clock.instant();
        List<Review> waiting = store.list(EnumSet.of(ReviewState.PENDING, ReviewState.DEFERRED), Integer.MAX_VALUE);
        metrics.counts(waiting.size(), (int) waiting.stream().filter(r -> r.overdue(now)).count());
    }

    @Override
    public void close() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }
}
