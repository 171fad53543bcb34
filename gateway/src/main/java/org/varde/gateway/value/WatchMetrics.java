package org.varde.gateway.value;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * {@link AlgorithmWatch}'s newest reports as Prometheus gauges, labelled by algorithm (catalogue ids:
 * a bounded set): the window's flag rate and its p-chart limits (NaN until decidable), and 0/1 for
 * drift, routing silence and results stopped, which deploy/prometheus/varde-alerts.yml alerts on.
 */
public final class WatchMetrics {
    private final MeterRegistry registry;
    private final AlgorithmWatch watch;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public WatchMetrics(MeterRegistry registry, AlgorithmWatch watch) {
        this.registry = registry;
        this.watch = watch;
    }

    /** Registers the gauges of every algorithm reported and not yet registered (a reload may add some). */
    public void register(Iterable<String> algorithms) {
        for (String algorithm : algorithms) {
            if (registered.add(algorithm)) {
                gauge("varde.value.flag.rate", algorithm, "positives / results received over the drift window",
                        r -> r.chart().windowRate());
                gauge("varde.value.flag.rate.lower.limit", algorithm, "the p-chart's lower control limit (value.watch.driftSigmas)",
                        r -> r.chart().lowerLimit());
                gauge("varde.value.flag.rate.upper.limit", algorithm, "the p-chart's upper control limit (value.watch.driftSigmas)",
                        r -> r.chart().upperLimit());
                gauge("varde.value.drift", algorithm, "1 when the flag rate is outside its control limits",
                        r -> r.drift() ? 1 : 0);
                gauge("varde.value.routing.silence", algorithm,
                        "1 when studies the algorithm's routes match arrive and none is dispatched to it",
                        r -> r.routingSilence() ? 1 : 0);
                gauge("varde.value.results.stopped", algorithm,
                        "1 when studies were dispatched to the algorithm and no result came back",
                        r -> r.resultsStopped() ? 1 : 0);
            }
        }
    }

    private void gauge(String name, String algorithm, String description, ToDoubleFunction<AlgorithmReport> value) {
        Gauge.builder(name, watch, w -> {
            AlgorithmReport report = w.latest().get(algorithm);
            return report == null ? Double.NaN : value.applyAsDouble(report);
        }).tag("algorithm", algorithm).description(description).strongReference(true).register(registry);
    }
}
