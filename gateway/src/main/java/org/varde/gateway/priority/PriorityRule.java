package org.varde.gateway.priority;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.WorklistPriority;

/**
 * "This finding, present (with at least this probability, or this measurement at least this big)
 * means this priority": one line of an algorithm's priority policy.
 *
 * @param findingScheme  coding scheme of the finding, e.g. {@code SCT}
 * @param findingCode    its code, e.g. {@code 59282003} (pulmonary embolism)
 * @param minProbability the probability the finding must reach, if any
 * @param measurement    scheme:code of the measurement to compare, if any (e.g. {@code SCT:103339001} long axis)
 * @param atLeast        the value the measurement must reach, in {@code unit}
 * @param unit           the UCUM unit of {@code atLeast}; a measurement in another unit does not match
 * @param priority       what the worklist is asked for when the rule matches
 */
public record PriorityRule(String findingScheme, String findingCode, Optional<Double> minProbability,
                           Optional<String> measurement, Optional<BigDecimal> atLeast, Optional<String> unit,
                           WorklistPriority priority) {
    public PriorityRule {
        Objects.requireNonNull(findingScheme, "findingScheme");
        Objects.requireNonNull(findingCode, "findingCode");
        Objects.requireNonNull(priority, "priority");
        if (measurement.isPresent() != atLeast.isPresent() || atLeast.isPresent() != unit.isPresent()) {
            throw new IllegalArgumentException("a measurement rule needs measurement, atLeast and unit together");
        }
    }

    public boolean matches(Finding f) {
        if (f.presence() != Presence.PRESENT || !f.code().scheme().equals(findingScheme)
                || !f.code().value().equals(findingCode)) {
            return false;
        }
        if (minProbability.isPresent() && f.probability().map(p -> p < minProbability.get()).orElse(true)) {
            return false;   // a threshold on a probability the vendor did not give is not met
        }
        if (measurement.isEmpty()) {
            return true;
        }
        return f.measurements().stream().anyMatch(m -> (m.concept().scheme() + ":" + m.concept().value()).equals(measurement.get())
                && m.ucumUnit().equals(unit.get()) && m.value().compareTo(atLeast.get()) >= 0);
    }
}
