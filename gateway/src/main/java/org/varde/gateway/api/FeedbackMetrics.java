package org.varde.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.varde.gateway.value.Agreement;

import java.util.Locale;

/**
 * {@code varde_feedback_total{algorithm, agreement}}: radiologists' feedback as it is given, for the
 * dashboard's value panels (agreement rate over time). The figures with their intervals are the API's
 * ({@code GET /api/value}); this only counts. Algorithms of the catalogue start at zero, so the series
 * exist (and a dashboard's query names a metric the gateway exports) before the first feedback.
 */
final class FeedbackMetrics {
    private final MeterRegistry registry;

    FeedbackMetrics(MeterRegistry registry, Iterable<String> algorithms) {
        this.registry = registry;
        for (String algorithm : algorithms) {
            for (Agreement agreement : Agreement.values()) {
                counter(algorithm, agreement);
            }
        }
    }

    void given(String algorithm, Agreement agreement) {
        counter(algorithm, agreement).increment();
    }

    private Counter counter(String algorithm, Agreement agreement) {
        return Counter.builder("varde_feedback_total").description("Radiologists' feedback on results, by algorithm and agreement")
                .tag("algorithm", algorithm).tag("agreement", agreement.name().toLowerCase(Locale.ROOT)).register(registry);
    }
}
