package org.varde.gateway.orchestration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.routing.Reason;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.RoutingOutcome;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing decisions by algorithm, outcome and refusal reason, and the job queue: jobs by state and
 * the age of the oldest due pending job (gauges set by a periodic refresh off the event loop, so a
 * scrape never waits for the database). Labels are catalogue ids, enum names and guard check
 * names from the catalogue: bounded sets.
 */
public final class OrchestrationMetrics {
    private final MeterRegistry registry;
    private final Map<JobState, AtomicLong> jobsByState = new EnumMap<>(JobState.class);
    private final AtomicLong oldestPendingMillis = new AtomicLong();

    public OrchestrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobState state : JobState.values()) {
            AtomicLong count = new AtomicLong();
            jobsByState.put(state, count);
            Gauge.builder("varde.jobs", count, AtomicLong::get).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("jobs in each state, all nodes").register(registry);
        }
        Gauge.builder("varde.jobs.oldest.pending.age", oldestPendingMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("how long the oldest due, unclaimed pending job has waited").register(registry);
    }

    /** One decision of the router: sent, rule-miss, guard refusal (with the guard's check), route off. */
    void decided(RoutingDecision decision) {
        String reason = decision.outcome() == RoutingOutcome.GUARD_REFUSED
                ? decision.decidingFailure().map(Reason::check).orElse("unknown") : "";
        Counter.builder("varde.routing.decisions")
                .tag("algorithm", decision.algorithm())
                .tag("outcome", decision.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .tag("reason", reason)
                .description("routing decisions by algorithm and outcome; reason: the guard check that refused")
                .register(registry).increment();
    }

    void jobsCounted(Map<JobState, Long> counts, Duration oldestPending) {
        counts.forEach((state, n) -> jobsByState.get(state).set(n));
        oldestPendingMillis.set(oldestPending.toMillis());
    }
}
