package org.varde.connectors.sink;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;

/**
 * Everything a sink needs for one delivery.
 *
 * @param key      names the result version; sinks derive their stable identifiers from it
 * @param priority the worklist priority the policy decided to ask for; empty: leave it as it is
 * @param at       when the result was received (the time the messages carry)
 */
public record DeliveryContent(ReportKey key, AlgorithmResult result, SourceStudy study,
                              Optional<WorklistPriority> priority, Instant at) {
    public DeliveryContent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(at, "at");
    }
}
