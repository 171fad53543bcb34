package org.varde.gateway.results;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/**
 * Results by algorithm and what became of them: received, quarantined (another algorithm version
 * than the approved one: an alert), refused (unparseable, unmatched, too large), timed out. Labels
 * are catalogue ids and fixed words, or {@code unmatched} when no job was found: bounded sets.
 */
public final class ResultMetrics {
    private final MeterRegistry registry;

    public ResultMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(String algorithmId, ResultState state) {
        count(algorithmId, state.name().toLowerCase(Locale.ROOT));
        if (state == ResultState.QUARANTINED) {
            Counter.builder("varde.results.quarantined").tag("algorithm", algorithmId)
                    .description("results whose reported algorithm version is not the approved one; never delivered")
                    .register(registry).increment();
        }
    }

    /** A result that could not be used; {@code algorithmOrNull} null when it matched no job. */
    public void refused(String algorithmOrNull) {
        count(algorithmOrNull == null ? "unmatched" : algorithmOrNull, "refused");
    }

    void timedOut(String algorithmId) {
        count(algorithmId, "timeout");
    }

    private void count(String algorithm, String outcome) {
        Counter.builder("varde.results").tag("algorithm", algorithm).tag("outcome", outcome)
                .description("vendor results by algorithm and outcome").register(registry).increment();
    }
}
