package org.varde.gateway.assembly;

import org.varde.gateway.config.CompletionDefaults;
import org.varde.gateway.routing.Condition;
import org.varde.gateway.routing.Explanation;
import org.varde.gateway.routing.Route;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.SeriesFacts;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The completion settings of the routes a study matches: the shortest idle timeout among them (a route
 * that wants its study early gets it early; the others get it then too), and their expected-series
 * conditions, any of which shortens the deadline to that route's settle time once its series is there.
 * A study no route matches waits the default idle time.
 * Routes in mode {@code off} send nothing and so decide nothing here.
 */
public final class RouteCompletionPolicy implements CompletionPolicy {
    private final RouteSet routes;
    private final Duration defaultIdle;
    private final Duration mppsGrace;
    private final Duration defaultSettle;

    /** With the default settle time for expected series. */
    public RouteCompletionPolicy(RouteSet routes, Duration defaultIdle, Duration mppsGrace) {
        this(routes, defaultIdle, mppsGrace, CompletionDefaults.DEFAULT_SERIES_SETTLE);
    }

    public RouteCompletionPolicy(RouteSet routes, Duration defaultIdle, Duration mppsGrace, Duration defaultSettle) {
        this.routes = routes;
        this.defaultIdle = defaultIdle;
        this.mppsGrace = mppsGrace;
        this.defaultSettle = defaultSettle;
    }

    @Override
    public Duration idleTimeout(InstanceRecord instance) {
        return matching(facts(instance))
                .map(r -> r.completion().idleSeconds() == null ? defaultIdle
                        : Duration.ofSeconds(r.completion().idleSeconds()))
                .min(Duration::compareTo).orElse(defaultIdle);
    }

    @Override
    public boolean watchesSeries(InstanceRecord instance) {
        return matching(facts(instance)).anyMatch(r -> r.completion().expectedSeries() != null);
    }

    /** The shortest settle time among the matching routes whose expected series is this one. */
    @Override
    public Optional<Duration> expectedSeriesSettle(StudyFacts generation) {
        Optional<Duration> settle = Optional.empty();
        for (Route route : matching(generation).filter(r -> r.completion().expectedSeries() != null).toList()) {
            if (anySeriesMatches(route.completion().expectedSeries(), generation)) {
                Duration own = route.completion().seriesSettleSeconds() == null ? defaultSettle
                        : Duration.ofSeconds(route.completion().seriesSettleSeconds());
                settle = Optional.of(settle.filter(s -> s.compareTo(own) <= 0).orElse(own));
            }
        }
        return settle;
    }

    private static boolean anySeriesMatches(Condition expected, StudyFacts generation) {
        for (SeriesFacts series : generation.series()) {
            // the explanation is thrown away: completion is not a routing decision to explain
            if (expected.test(series.within(generation), new Explanation())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Duration mppsGrace() {
        return mppsGrace;
    }

    private Stream<Route> matching(StudyFacts study) {
        return routes.routes().stream()
                .filter(r -> r.mode() != RouteMode.OFF)
                .filter(r -> r.match() == null || r.match().test(study, new Explanation()));
    }

    private static StudyFacts facts(InstanceRecord instance) {
        return StudyFactsAssembler.fromInstances(List.of(InstanceKeywords.of(instance)));
    }
}
