package org.varde.gateway.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.varde.connectors.algorithm.DispatchFailure.Kind;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the dispatcher's reports become as meters. */
class DispatchMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DispatchMetrics metrics = new DispatchMetrics(registry);

    @Test
    void latencyFailuresBreakerAndOccupancyArePerAlgorithm() {
        metrics.succeeded("lung-nodules", Duration.ofMillis(120));
        metrics.failed("lung-nodules", Kind.TIMEOUT, Duration.ofSeconds(30));
        metrics.failed("lung-nodules", Kind.TIMEOUT, Duration.ofSeconds(30));
        metrics.failed("pe-triage", Kind.CIRCUIT_OPEN, Duration.ZERO);
        metrics.breakerChanged("pe-triage", BreakerState.CLOSED, BreakerState.OPEN);
        metrics.occupancyChanged("lung-nodules", 2, 7);

        assertEquals(1, registry.get("varde.dispatch.latency").tags("algorithm", "lung-nodules", "outcome", "acknowledged")
                .timer().count());
        assertEquals(2.0, registry.get("varde.dispatch.failures").tags("algorithm", "lung-nodules", "kind", "timeout")
                .counter().count());
        assertEquals(1.0, registry.get("varde.dispatch.failures").tags("algorithm", "pe-triage", "kind", "circuit_open")
                .counter().count());
        assertEquals(1.0, registry.get("varde.dispatch.breaker.state").tag("algorithm", "pe-triage")
                .gauge().value());
        assertEquals(0.0, registry.get("varde.dispatch.breaker.state").tag("algorithm", "lung-nodules").gauge().value());
        assertEquals(2.0, registry.get("varde.dispatch.in_flight").tag("algorithm", "lung-nodules").gauge().value());
        assertEquals(7.0, registry.get("varde.dispatch.queued").tag("algorithm", "lung-nodules").gauge().value());
        assertEquals(1.0, registry.get("varde.dispatch.breaker.transitions").tags("algorithm", "pe-triage", "to", "open")
                .counter().count());
    }
}
