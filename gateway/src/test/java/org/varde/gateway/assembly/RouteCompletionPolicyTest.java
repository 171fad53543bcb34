package org.varde.gateway.assembly;

import org.junit.jupiter.api.Test;
import org.varde.gateway.routing.CompletionSettings;
import org.varde.gateway.routing.Condition;
import org.varde.gateway.routing.Route;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.assembly.Instances.ct;

/** The completion settings a study gets from the routes it matches. */
class RouteCompletionPolicyTest {
    private static final Duration DEFAULT = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static Route route(String name, Condition match, Integer idleSeconds, RouteMode mode) {
        return new Route(name, match, null, List.of("a"), mode, new CompletionSettings(idleSeconds, null, false));
    }

    @Test
    void theShortestIdleTimeOfTheMatchingRoutesWins() {
        RouteSet routes = new RouteSet(List.of(
                route("slow-ct", new Condition.Equals("Modality", "CT"), 300, RouteMode.CLINICAL),
                route("fast-from-ct01", new Condition.Equals("CallingAE", "CT01"), 20, RouteMode.SHADOW),
                route("mr", new Condition.Equals("Modality", "MR"), 5, RouteMode.CLINICAL)));
        RouteCompletionPolicy policy = new RouteCompletionPolicy(routes, DEFAULT, GRACE);
        assertEquals(Duration.ofSeconds(20), policy.idleTimeout(ct(1, 1, 1)));
    }

    @Test
    void aStudyNoRouteMatchesWaitsTheDefaultAndAnOffRouteDecidesNothing() {
        RouteSet routes = new RouteSet(List.of(
                route("mr", new Condition.Equals("Modality", "MR"), 5, RouteMode.CLINICAL),
                route("ct-off", new Condition.Equals("Modality", "CT"), 5, RouteMode.OFF)));
        RouteCompletionPolicy policy = new RouteCompletionPolicy(routes, DEFAULT, GRACE);
        assertEquals(DEFAULT, policy.idleTimeout(ct(1, 1, 1)));
        assertFalse(policy.watchesSeries(ct(1, 1, 1)));
        assertEquals(GRACE, policy.mppsGrace());
    }

    @Test
    void aMatchingRouteWithoutIdleSecondsUsesTheDefault() {
        RouteSet routes = new RouteSet(List.of(route("ct", null, null, RouteMode.CLINICAL)));
        assertEquals(DEFAULT, new RouteCompletionPolicy(routes, DEFAULT, GRACE).idleTimeout(ct(1, 1, 1)));
    }

    @Test
    void onlyRoutesWithAnExpectedSeriesAreWatched() {
        Route watching = new Route("ct", new Condition.Equals("Modality", "CT"), null, List.of("a"), RouteMode.CLINICAL,
                new CompletionSettings(null, new Condition.Equals("ImageType", "AXIAL"), false));
        RouteCompletionPolicy policy = new RouteCompletionPolicy(new RouteSet(List.of(watching)), DEFAULT, GRACE);
        assertTrue(policy.watchesSeries(ct(1, 1, 1)));
    }

    @Test
    void theExpectedSeriesGivesTheShortestSettleOfTheRoutesItSatisfiesAndNothingForOtherSeries() {
        Condition axial = new Condition.Equals("ImageType", "AXIAL");
        Condition coronal = new Condition.Equals("ImageType", "CORONAL");
        RouteSet routes = new RouteSet(List.of(
                watching("default-settle", axial, null),
                watching("own-settle", axial, 2),
                watching("shorter-but-other-series", coronal, 1)));
        RouteCompletionPolicy policy = new RouteCompletionPolicy(routes, DEFAULT, GRACE, Duration.ofSeconds(5));
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                policy.expectedSeriesSettle(facts(ct(1, 1, 1, "Thorax 1.0", "ORIGINAL\\PRIMARY\\AXIAL"))));
        assertEquals(Optional.empty(),
                policy.expectedSeriesSettle(facts(ct(1, 1, 1, "Thorax 1.0", "ORIGINAL\\PRIMARY\\SAGITTAL"))));
    }

    private static Route watching(String name, Condition expected, Integer settleSeconds) {
        return new Route(name, new Condition.Equals("Modality", "CT"), null, List.of("a"), RouteMode.CLINICAL,
                new CompletionSettings(null, expected, settleSeconds, false));
    }

    private static StudyFacts facts(InstanceRecord instance) {
        return StudyFactsAssembler.fromInstances(List.of(InstanceKeywords.of(instance)));
    }
}
