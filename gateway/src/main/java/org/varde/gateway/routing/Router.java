package org.varde.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for a complete study, which algorithms get which series. For every (route, algorithm)
 * it evaluates the route's match and series filter, then always the intended-use guard, then the
 * mode; all checks are recorded as reasons, including those of a route that does not apply, so
 * {@code routes explain} shows the whole picture. Pure and thread-safe: no I/O, no shared state.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final IntendedUseGuard guard = new IntendedUseGuard();

    public List<RoutingDecision> decide(StudyFacts study, RouteSet routes, AlgorithmCatalogue catalogue) {
        List<RoutingDecision> decisions = new ArrayList<>();
        for (Route route : routes.routes()) {
            for (String algorithmId : route.algorithms()) {
                RoutingDecision decision = decide(study, route, algorithmId, catalogue);
                // ids only: a study UID and a route name identify no patient
                LOG.debug("study {} route {} algorithm {}: {}", study.studyInstanceUid(), route.name(),
                        algorithmId, decision.outcome());
                decisions.add(decision);
            }
        }
        return decisions;
    }

    RoutingDecision decide(StudyFacts study, Route route, String algorithmId, AlgorithmCatalogue catalogue) {
        Explanation explanation = new Explanation();
        boolean matched = matches(study, route, explanation);
        List<SeriesFacts> offered = filterSeries(study, route, explanation);
        GuardVerdict verdict = guard(study, offered, route, algorithmId, catalogue, explanation);
        explanation.stage(Reason.Stage.MODE);
        boolean on = explanation.add(study, "route " + route.name() + " is on", route.mode() != RouteMode.OFF, route.mode().word());
        RoutingOutcome outcome = !on ? RoutingOutcome.ROUTE_OFF
                : !matched || offered.isEmpty() ? RoutingOutcome.RULE_MISS
                : !verdict.allowed() ? RoutingOutcome.GUARD_REFUSED
                : RoutingOutcome.SEND;
        List<String> selected = outcome == RoutingOutcome.SEND
                ? verdict.series().stream().map(SeriesFacts::seriesInstanceUid).toList() : List.of();
        return new RoutingDecision(route.name(), algorithmId, outcome, route.mode(), selected, explanation.reasons());
    }

    private static boolean matches(StudyFacts study, Route route, Explanation explanation) {
        explanation.stage(Reason.Stage.MATCH);
        if (route.match() == null) {
            return explanation.add(study, "match", true, "no conditions: every study");
        }
        return route.match().test(study, explanation);
    }

    private static List<SeriesFacts> filterSeries(StudyFacts study, Route route, Explanation explanation) {
        explanation.stage(Reason.Stage.SERIES_FILTER);
        List<SeriesFacts> offered = new ArrayList<>();
        for (SeriesFacts series : study.series()) {
            if (route.seriesFilter() == null || route.seriesFilter().test(series.within(study), explanation)) {
                offered.add(series);
            }
        }
        explanation.add(study, "series selected by the route", !offered.isEmpty(),
                offered.size() + " of " + study.series().size());
        return offered;
    }

    private GuardVerdict guard(StudyFacts study, List<SeriesFacts> offered, Route route, String algorithmId,
                               AlgorithmCatalogue catalogue, Explanation explanation) {
        Optional<Algorithm> algorithm = catalogue.find(algorithmId);
        if (algorithm.isEmpty()) {
            // a catalogue reloaded without this product: nothing is known of its intended use
            explanation.stage(Reason.Stage.GUARD);
            explanation.add(study, "algorithm " + algorithmId + " in the catalogue", false, "not found; refused to be safe");
            return new GuardVerdict(false, List.of());
        }
        return guard.check(study, offered, algorithm.get(), route.mode(), explanation);
    }
}
