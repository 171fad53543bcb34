package org.varde.gateway.review;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Results waiting for review, those past their alert time, and the decisions made. */
public final class ReviewMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger overdue = new AtomicInteger();

    public ReviewMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("varde_reviews_waiting", waiting, AtomicInteger::get)
                .description("Results held for review, pending or deferred").register(registry);
        Gauge.builder("varde_reviews_overdue", overdue, AtomicInteger::get)
                .description("Results waiting for review longer than their reviewAlertMinutes").register(registry);
    }

    void counts(int waitingNow, int overdueNow) {
        waiting.set(waitingNow);
        overdue.set(overdueNow);
    }

    void decided(ReviewState state) {
        Counter.builder("varde_review_decisions_total").description("Review decisions and releases on timeout")
                .tag("decision", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    void alert() {
        Counter.builder("varde_review_alerts_total").description("Results that passed their review alert time")
                .register(registry).increment();
    }

    public int overdue() {
        return overdue.get();
    }
}
