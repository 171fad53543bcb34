package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.routing.RoutingFixtures.decision;
import static org.varde.gateway.routing.RoutingFixtures.explain;
import static org.varde.gateway.routing.RoutingFixtures.routes;
import static org.varde.gateway.routing.RoutingFixtures.smallCatalogue;

/** Rules, series filter and modes, and the explanation every decision carries. */
class RouterTest {
    private final Router router = new Router();

    private static final String ROUTES = """
            routes:
              - name: ct-chest
                match:
                  all:
                    - {attribute: Modality, equals: CT}
                    - {attribute: StudyDescription, regex: "(?i)thorax"}
                series: {attribute: SeriesDescription, regex: "1[.]0"}
                algorithms: [ct-chest-adult, research-ct]
                mode: shadow
              - name: cxr
                match: {attribute: Modality, in: [DX, CR]}
                algorithms: [cxr-adult]
                mode: clinical
              - name: cxr-paused
                match: {attribute: Modality, in: [DX, CR]}
                algorithms: [cxr-adult]
                mode: "off"
            """;

    private List<RoutingDecision> decide(StudyFacts study) throws RoutingConfigException {
        AlgorithmCatalogue catalogue = smallCatalogue();
        return router.decide(study, routes(ROUTES, catalogue), catalogue);
    }

    @Test
    void oneDecisionPerRouteAndAlgorithmInFileOrder() throws Exception {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.ctThorax("067Y").build());

        assertEquals(List.of("ct-chest/ct-chest-adult", "ct-chest/research-ct", "cxr/cxr-adult", "cxr-paused/cxr-adult"),
                decisions.stream().map(d -> d.route() + "/" + d.algorithm()).toList());
    }

    @Test
    void seriesFilterSelectsOnlyMatchingSeries() throws Exception {
        RoutingDecision decision = decision(decide(StudyFactsBuilder.ctThorax("067Y").build()), "ct-chest", "research-ct");

        assertEquals(RoutingOutcome.SEND, decision.outcome(), explain(decision));
        // the research product takes any CT series; the filter alone keeps the 5 mm series back
        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), decision.selectedSeries());
        assertTrue(decision.reasons().contains(new Reason(Reason.Stage.SERIES_FILTER, "series 2",
                "SeriesDescription matches /1[.]0/", false, "Thorax 5.0 Br40")), explain(decision));
    }

    @Test
    void seriesFilterSelectingNothingIsARuleMiss() throws Exception {
        StudyFacts onlyThick = StudyFactsBuilder.study().with("PatientAge", "067Y").with("StudyDescription", "CT Thorax")
                .series(StudyFactsBuilder.CT_IMAGE, 13, "Modality", "CT", "SeriesDescription", "Thorax 5.0 Br40").build();

        RoutingDecision decision = decision(decide(onlyThick), "ct-chest", "research-ct");

        assertEquals(RoutingOutcome.RULE_MISS, decision.outcome(), explain(decision));
        assertEquals("series selected by the route: failed (0 of 1)", decision.decidingFailure().orElseThrow().text());
        assertTrue(decision.selectedSeries().isEmpty());
    }

    @Test
    void failedMatchIsARuleMissAndStillExplainsTheGuard() throws Exception {
        RoutingDecision decision = decision(decide(StudyFactsBuilder.mrHead("040Y").build()), "ct-chest", "ct-chest-adult");

        assertEquals(RoutingOutcome.RULE_MISS, decision.outcome(), explain(decision));
        assertEquals("Modality equals CT: failed (MR)", decision.decidingFailure().orElseThrow().text());
        assertTrue(decision.reasons().stream().anyMatch(r -> r.stage() == Reason.Stage.GUARD), explain(decision));
    }

    @Test
    void routeSwitchedOffSendsNothingAndSaysSo() throws Exception {
        RoutingDecision decision = decision(decide(StudyFactsBuilder.chestRadiograph("045Y").build()), "cxr-paused", "cxr-adult");

        assertEquals(RoutingOutcome.ROUTE_OFF, decision.outcome(), explain(decision));
        assertEquals(RouteMode.OFF, decision.mode());
        assertTrue(decision.selectedSeries().isEmpty());
        assertEquals("route cxr-paused is on: failed (off)", decision.decidingFailure().orElseThrow().text());
    }

    @Test
    void everyReasonOfASentDecisionPassedInItsDecidingStages() throws Exception {
        RoutingDecision decision = decision(decide(StudyFactsBuilder.chestRadiograph("045Y").build()), "cxr", "cxr-adult");

        assertEquals(RoutingOutcome.SEND, decision.outcome(), explain(decision));
        assertEquals(List.of("Modality in [DX, CR]: passed (DX)"),
                decision.reasons().stream().filter(r -> r.stage() == Reason.Stage.MATCH).map(Reason::text).toList());
        assertTrue(decision.reasons().stream().anyMatch(r -> r.text().equals("PatientAge >= 18: passed (45 years)")), explain(decision));
        assertTrue(decision.decidingFailure().isEmpty());
    }

    @Test
    void decisionAsJsonCarriesOutcomeSeriesAndReasons() throws Exception {
        List<RoutingDecision> decisions = decide(StudyFactsBuilder.chestRadiograph("006Y").build());

        JsonNode json = new ObjectMapper().readTree(RoutingDecisionJson.toJson(decisions).toString());

        JsonNode cxr = json.get(2);
        assertEquals("cxr", cxr.get("route").asText());
        assertEquals("cxr-adult", cxr.get("algorithm").asText());
        assertEquals("GUARD_REFUSED", cxr.get("outcome").asText());
        assertEquals("clinical", cxr.get("mode").asText());
        assertEquals("PatientAge >= 18: failed (6 years)", cxr.get("why").asText());
        assertEquals(0, cxr.get("selectedSeries").size());
        JsonNode age = findReason(cxr, "PatientAge >= 18");
        assertEquals("guard", age.get("stage").asText());
        assertEquals("study", age.get("scope").asText());
        assertEquals(false, age.get("passed").asBoolean());
        assertEquals("6 years", age.get("actual").asText());
    }

    private static JsonNode findReason(JsonNode decision, String check) {
        for (JsonNode reason : decision.get("reasons")) {
            if (reason.get("check").asText().equals(check)) {
                return reason;
            }
        }
        throw new AssertionError("no reason " + check + " in " + decision);
    }
}
