package org.varde.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * What the router decided for one (route, algorithm) pair and why. {@code selectedSeries} (series
 * instance UIDs) is empty unless the outcome is {@link RoutingOutcome#SEND}, so nothing downstream
 * can send what was refused.
 */
public record RoutingDecision(String route, String algorithm, RoutingOutcome outcome, RouteMode mode,
                              List<String> selectedSeries, List<Reason> reasons) {

    public RoutingDecision {
        selectedSeries = List.copyOf(selectedSeries);
        reasons = List.copyOf(reasons);
        if (outcome != RoutingOutcome.SEND && !selectedSeries.isEmpty()) {
            throw new IllegalArgumentException("only a SEND decision selects series");
        }
    }

    public boolean send() {
        return outcome == RoutingOutcome.SEND;
    }

    /**
     * The one-line answer to "why not?": the first failed study-level check of the stages that decided
     * the outcome (a series-level failure only when there is none, as a study refused for "no series
     * fits" says more than the first series that did not).
     */
    public Optional<Reason> decidingFailure() {
        Reason.Stage[] stages = switch (outcome) {
            case SEND -> new Reason.Stage[0];
            case ROUTE_OFF -> new Reason.Stage[] {Reason.Stage.MODE};
            case RULE_MISS -> new Reason.Stage[] {Reason.Stage.MATCH, Reason.Stage.SERIES_FILTER};
            case GUARD_REFUSED -> new Reason.Stage[] {Reason.Stage.GUARD};
        };
        List<Reason.Stage> deciding = List.of(stages);
        List<Reason> failed = reasons.stream().filter(r -> !r.passed() && deciding.contains(r.stage())).toList();
        return failed.stream().filter(r -> "study".equals(r.scope())).findFirst().or(() -> failed.stream().findFirst());
    }
}
