package org.varde.gateway.priority;

import java.util.List;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.WorklistPriority;

/**
 * What one algorithm's results ask of the worklist. The highest priority among the rules a positive
 * result matches; when none matches, the vendor's suggestion (or nothing, as configured). A negative,
 * inconclusive or failed result changes nothing, and the worklist is never asked for a priority at or
 * below what it already holds: Varde only moves a study up.
 *
 * @param rules               the algorithm's rules
 * @param followVendorByDefault whether a positive result that matches no rule takes the vendor's suggestion
 */
public record PriorityPolicy(List<PriorityRule> rules, boolean followVendorByDefault) {
    /** No rules, the vendor's suggestion: what an algorithm without a {@code priority:} block gets. */
    public static final PriorityPolicy VENDOR = new PriorityPolicy(List.of(), true);

    public PriorityPolicy {
        rules = List.copyOf(rules);
    }

    /**
     * @param held the priority the worklist already holds for the study (the RIS's, or what Varde asked
     *             before), if known
     * @return the priority to ask for, or empty to leave the worklist as it is
     */
    public Optional<WorklistPriority> decide(AlgorithmResult result, Optional<WorklistPriority> held) {
        if (result.status() != ResultStatus.POSITIVE) {
            return Optional.empty();
        }
        Optional<WorklistPriority> byRule = result.findings().stream()
                .flatMap(f -> rules.stream().filter(r -> r.matches(f)).map(PriorityRule::priority))
                .max(Enum::compareTo);
        Optional<WorklistPriority> wanted = byRule.isPresent() ? byRule
                : followVendorByDefault ? result.suggestedPriority() : Optional.empty();
        if (wanted.isPresent() && held.isPresent() && !wanted.get().isHigherThan(held.get())) {
            return Optional.empty();
        }
        return wanted;
    }
}
