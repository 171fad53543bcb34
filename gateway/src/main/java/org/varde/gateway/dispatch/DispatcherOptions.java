package org.varde.gateway.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher guards each algorithm's endpoint. Concurrency and the per-call timeout come
 * from the algorithm's catalogue entry; these are the same for every algorithm.
 *
 * @param queueLimit              calls waiting for a free slot, per algorithm; beyond it a call fails
 *                                at once with {@code QUEUE_FULL} (the job is retried later)
 * @param breakerFailureThreshold consecutive vendor failures that open the breaker
 * @param breakerCoolDown         how long an open breaker fails calls before letting one probe through
 * @param timeoutGrace            added to the per-call timeout before the dispatcher gives up on an
 *                                adapter that did not honour it itself
 */
public record DispatcherOptions(int queueLimit, int breakerFailureThreshold,
                                Duration breakerCoolDown, Duration timeoutGrace) {
    public static final int DEFAULT_QUEUE_LIMIT = 1000;
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_BREAKER_COOL_DOWN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(5);

    public DispatcherOptions {
        Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must be 0 or more, was " + queueLimit);
        }
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException("breakerFailureThreshold must be at least 1, was " + breakerFailureThreshold);
        }
        if (breakerCoolDown.isNegative() || breakerCoolDown.isZero()) {
            throw new IllegalArgumentException("breakerCoolDown must be positive, was " + breakerCoolDown);
        }
        if (timeoutGrace.isNegative()) {
            throw new IllegalArgumentException("timeoutGrace must not be negative, was " + timeoutGrace);
        }
    }

    public static DispatcherOptions defaults() {
        return new DispatcherOptions(DEFAULT_QUEUE_LIMIT, DEFAULT_BREAKER_FAILURE_THRESHOLD,
                DEFAULT_BREAKER_COOL_DOWN, DEFAULT_TIMEOUT_GRACE);
    }

    public DispatcherOptions withBreaker(int failureThreshold, Duration coolDown) {
        return new DispatcherOptions(queueLimit, failureThreshold, coolDown, timeoutGrace);
    }

    public DispatcherOptions withQueueLimit(int limit) {
        return new DispatcherOptions(limit, breakerFailureThreshold, breakerCoolDown, timeoutGrace);
    }

    public DispatcherOptions withTimeoutGrace(Duration grace) {
        return new DispatcherOptions(queueLimit, breakerFailureThreshold, breakerCoolDown, grace);
    }
}
