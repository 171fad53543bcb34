package org.varde.gateway.routing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.routing.RoutingFixtures.decision;
import static org.varde.gateway.routing.RoutingFixtures.explain;

/** The shipped config/algorithms.yaml and config/routes.yaml load and route the synthetic kinds sensibly. */
class ExampleConfigRoutingTest {
    private static AlgorithmCatalogue catalogue;
    private static RouteSet routes;
    private final Router router = new Router();

    @BeforeAll
    static void loadExampleFiles() throws Exception {
        Path config = RoutingFixtures.configFolder();
        catalogue = AlgorithmCatalogue.load(config.resolve("algorithms.yaml"));
        routes = RouteSet.load(config.resolve("routes.yaml"), catalogue);
    }

    private List<RoutingDecision> decide(StudyFacts study) {
        return router.decide(study, routes, catalogue);
    }

    private static Set<String> sentTo(List<RoutingDecision> decisions) {
        return decisions.stream().filter(RoutingDecision::send).map(RoutingDecision::algorithm).collect(Collectors.toSet());
    }

    @Test
    void catalogueCoversTheUseCasesHospitalsBuyFirst() {
        assertEquals(Set.of("lung-nodules", "pe-detect", "lung-metastases", "ms-follow-up", "fracture-xr", "cxr-triage",
                "ild-quant-research"), catalogue.algorithms().stream().map(Algorithm::id).collect(Collectors.toSet()));
        assertEquals(1, catalogue.algorithms().stream().filter(Algorithm::research).count());
        for (Algorithm algorithm : catalogue.algorithms()) {
            assertTrue(algorithm.vendor().contains("(sandbox)"), algorithm.id() + " must be marked as a sandbox example");
        }
        assertTrue(routes.routes().stream().anyMatch(r -> r.mode() == RouteMode.SHADOW));
    }

    @Test
    void researchProductOnlyEverAppearsInShadowRoutes() {
        for (Route route : routes.routes()) {
            for (String id : route.algorithms()) {
                if (catalogue.find(id).orElseThrow().research()) {
                    assertEquals(RouteMode.SHADOW, route.mode(), route.name() + " feeds research product " + id);
                }
            }
        }
    }

    @Test
    void ctThoraxGoesToTheChestCtProductsWithItsThinSeriesOnly() {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.ctThorax("067Y").build());

        assertEquals(Set.of("lung-nodules", "lung-metastases", "ild-quant-research"), sentTo(decisions));
        RoutingDecision nodules = decision(decisions, "ct-thorax-nodules", "lung-nodules");
        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), nodules.selectedSeries(), explain(nodules));
        assertEquals(RouteMode.SHADOW, decision(decisions, "ct-thorax-metastases", "lung-metastases").mode());
        assertEquals(RouteMode.SHADOW, decision(decisions, "ct-thorax-ild-research", "ild-quant-research").mode());
        // a routine chest CT is no pulmonary angiography: the rule, not the guard, keeps it from pe-detect
        assertEquals(RoutingOutcome.RULE_MISS, decision(decisions, "ct-pulmonary-angiography", "pe-detect").outcome());
    }

    @Test
    void ctPulmonaryAngiographyGoesToPulmonaryEmbolismDetection() {
        StudyFacts ctpa = StudyFactsBuilder.study().with("PatientAge", "071Y").with("StudyDescription", "CT Lungeemboli")
                .series(StudyFactsBuilder.CT_IMAGE, 300, "Modality", "CT", "BodyPartExamined", "CHEST",
                        "SeriesDescription", "CTPA 1.0 Bv36", "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "SliceThickness", "1.0")
                .build();

        RoutingDecision pe = decision(decide(ctpa), "ct-pulmonary-angiography", "pe-detect");

        assertEquals(RoutingOutcome.SEND, pe.outcome(), explain(pe));
        assertEquals(RouteMode.CLINICAL, pe.mode());
    }

    @Test
    void adultChestRadiographGoesToTriageWithoutItsLateralView() {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.chestRadiograph("058Y").build());

        assertEquals(Set.of("cxr-triage"), sentTo(decisions));
        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), decision(decisions, "xr-chest", "cxr-triage").selectedSeries());
        assertEquals(RoutingOutcome.RULE_MISS, decision(decisions, "xr-skeletal", "fracture-xr").outcome());
    }

    @Test
    void childsChestRadiographGoesNowhere() {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.chestRadiograph("006Y").build());

        assertTrue(sentTo(decisions).isEmpty());
        RoutingDecision triage = decision(decisions, "xr-chest", "cxr-triage");
        assertEquals(RoutingOutcome.GUARD_REFUSED, triage.outcome());
        assertEquals("PatientAge >= 18: failed (6 years)", triage.decidingFailure().orElseThrow().text());
    }

    @Test
    void mrHeadGoesToMsFollowUpAndToNoCtProduct() {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.mrHead("042Y").build());

        assertEquals(Set.of("ms-follow-up"), sentTo(decisions));
        assertEquals(2, decision(decisions, "mr-head-ms", "ms-follow-up").selectedSeries().size());
    }

    @Test
    void mrHeadOutsideTheProductsAgeRangeIsRefused() {
        RoutingDecision ms = decision(decide(StudyFactsBuilder.mrHead("082Y").build()), "mr-head-ms", "ms-follow-up");

        assertEquals(RoutingOutcome.GUARD_REFUSED, ms.outcome());
        assertEquals("PatientAge in 18..75: failed (82 years)", ms.decidingFailure().orElseThrow().text());
    }

    @Test
    void wristOfAChildAndOfAnAdultGoToFractureDetection() {
        for (String age : List.of("006Y", "034Y")) {
            List<RoutingDecision> decisions = decide(StudyFactsBuilder.wrist(age).build());

            assertEquals(Set.of("fracture-xr"), sentTo(decisions), age);
            assertEquals(2, decision(decisions, "xr-skeletal", "fracture-xr").selectedSeries().size());
        }
    }

    @Test
    void infantsWristIsBelowTheFractureProductsMinimumAge() {
        RoutingDecision fracture = decision(decide(StudyFactsBuilder.wrist("018M").build()), "xr-skeletal", "fracture-xr");

        assertEquals(RoutingOutcome.GUARD_REFUSED, fracture.outcome());
        assertEquals("PatientAge >= 2: failed (18 months)", fracture.decidingFailure().orElseThrow().text());
    }

    @Test
    void childrensHospitalIsExcludedFromTheResearchRoute() {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.ctThorax("067Y").with("InstitutionName", "Barnesykehuset").build());

        assertFalse(sentTo(decisions).contains("ild-quant-research"));
        assertEquals(RoutingOutcome.RULE_MISS, decision(decisions, "ct-thorax-ild-research", "ild-quant-research").outcome());
    }
}
