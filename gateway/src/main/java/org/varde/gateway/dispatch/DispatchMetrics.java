package org.varde.gateway.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.varde.connectors.algorithm.DispatchFailure;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatcher's Micrometer meters, labelled by algorithm id (a catalogue id: a bounded set):
 * call latency by outcome, failures by kind, breaker state and transitions, calls in flight and queued.
 * Pass it to the {@link Dispatcher} as its listener.
 */
public final class DispatchMetrics implements DispatchListener {
    private final MeterRegistry registry;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Gauge values of one algorithm; Micrometer holds gauge state weakly, this map holds it strongly. */
    private static final class Lane {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger breaker = new AtomicInteger();
    }

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void succeeded(String algorithmId, Duration latency) {
        lane(algorithmId);
        latency(algorithmId, "acknowledged").record(latency);
    }

    @Override
    public void failed(String algorithmId, DispatchFailure.Kind kind, Duration latency) {
        lane(algorithmId);
        String kindLabel = kind.name().toLowerCase(Locale.ROOT);
        latency(algorithmId, kindLabel).record(latency);
        Counter.builder("varde.dispatch.failures").tag("algorithm", algorithmId).tag("kind", kindLabel)
                .description("dispatches that did not deliver every instance, by reason").register(registry).increment();
    }

    @Override
    public void breakerChanged(String algorithmId, BreakerState from, BreakerState to) {
        lane(algorithmId).breaker.set(gaugeValue(to));
        Counter.builder("varde.dispatch.breaker.transitions").tag("algorithm", algorithmId)
                .tag("to", to.name().toLowerCase(Locale.ROOT))
                .description("circuit breaker state changes").register(registry).increment();
    }

    @Override
    public void occupancyChanged(String algorithmId, int inFlight, int queued) {
        Lane lane = lane(algorithmId);
        lane.inFlight.set(inFlight);
        lane.queued.set(queued);
    }

    /** The gauge's numbers, fixed here so that reordering the enum cannot change a dashboard. */
    static int gaugeValue(BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
        };
    }

    private Timer latency(String algorithmId, String outcome) {
        return Timer.builder("varde.dispatch.latency").tag("algorithm", algorithmId).tag("outcome", outcome)
                .description("from the adapter call to the vendor's last acknowledgement or the failure")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private Lane lane(String algorithmId) {
        return lanes.computeIfAbsent(algorithmId, id -> {
            Lane lane = new Lane();
            Gauge.builder("varde.dispatch.in_flight", lane.inFlight, AtomicInteger::get).tag("algorithm", id)
                    .description("dispatches on the wire now").register(registry);
            Gauge.builder("varde.dispatch.queued", lane.queued, AtomicInteger::get).tag("algorithm", id)
                    .description("dispatches waiting for a free slot").register(registry);
            Gauge.builder("varde.dispatch.breaker.state", lane.breaker, AtomicInteger::get).tag("algorithm", id)
                    .description("circuit breaker: 0 closed, 1 open, 2 half-open").register(registry);
            return lane;
        });
    }
}
