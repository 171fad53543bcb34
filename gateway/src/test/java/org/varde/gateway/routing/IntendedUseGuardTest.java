package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.routing.RoutingFixtures.explain;
import static org.varde.gateway.routing.RoutingFixtures.routes;
import static org.varde.gateway.routing.RoutingFixtures.smallCatalogue;

/** The guard keeps every study inside each product's intended use, whatever the routes say. */
class IntendedUseGuardTest {
    private final Router router = new Router();

    /** A route that takes every study and every series: only the guard stands between study and product. */
    private static RouteSet everythingTo(String algorithm, String mode) throws RoutingConfigException {
        return routes("routes:\n  - {name: everything, algorithms: [" + algorithm + "], mode: " + mode + "}\n", smallCatalogue());
    }

    private RoutingDecision decideOne(StudyFacts study, RouteSet routes) throws RoutingConfigException {
        List<RoutingDecision> decisions = router.decide(study, routes, smallCatalogue());
        assertEquals(1, decisions.size());
        return decisions.get(0);
    }

    @Test
    void sixYearOldsChestRadiographNeverGoesToAnAdultsOnlyProductEvenWhenARuleSaysSo() throws Exception {
        StudyFacts child = StudyFactsBuilder.chestRadiograph("006Y").build();

        RoutingDecision decision = decideOne(child, everythingTo("cxr-adult", "clinical"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), explain(decision));
        assertTrue(decision.selectedSeries().isEmpty());
        assertEquals("PatientAge >= 18: failed (6 years)", decision.decidingFailure().orElseThrow().text());
    }

    @Test
    void adultsChestRadiographGoesWithItsFrontalViewOnly() throws Exception {
        StudyFacts adult = StudyFactsBuilder.chestRadiograph("045Y").build();

        RoutingDecision decision = decideOne(adult, everythingTo("cxr-adult", "clinical"));

        assertEquals(RoutingOutcome.SEND, decision.outcome(), explain(decision));
        // series 2 is the lateral view (LL): outside [PA, AP], so it stays behind
        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), decision.selectedSeries());
        assertTrue(decision.reasons().stream().anyMatch(r -> r.text().equals("series 2: ViewPosition in [PA, AP]: failed (LL)")),
                explain(decision));
    }

    @Test
    void mrNeverGoesToACtProduct() throws Exception {
        StudyFacts mr = StudyFactsBuilder.mrHead("050Y").build();

        RoutingDecision decision = decideOne(mr, everythingTo("ct-chest-adult", "clinical"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), explain(decision));
        assertTrue(decision.reasons().contains(new Reason(Reason.Stage.GUARD, "series 1", "Modality in [CT]", false, "MR")),
                explain(decision));
        assertEquals("series within the intended use of ct-chest-adult: failed (none of 2 offered)",
                decision.decidingFailure().orElseThrow().text());
    }

    @Test
    void researchProductIsRefusedInClinicalModeAndRunsInShadowMode() throws Exception {
        StudyFacts ct = StudyFactsBuilder.ctThorax("060Y").build();

        RoutingDecision clinical = decideOne(ct, everythingTo("research-ct", "clinical"));
        RoutingDecision shadow = decideOne(ct, everythingTo("research-ct", "shadow"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, clinical.outcome(), explain(clinical));
        assertEquals("regulatory status research: shadow mode only: failed (route mode clinical)",
                clinical.decidingFailure().orElseThrow().text());
        assertEquals(RoutingOutcome.SEND, shadow.outcome(), explain(shadow));
        assertEquals(RouteMode.SHADOW, shadow.mode());
        assertEquals(2, shadow.selectedSeries().size());
    }

    @Test
    void unknownAgeIsRefusedByAnAgeLimitedProductAndTheReasonSaysWhy() throws Exception {
        StudyFacts noAge = StudyFactsBuilder.chestRadiograph("045Y").without("PatientAge").build();

        RoutingDecision decision = decideOne(noAge, everythingTo("cxr-adult", "clinical"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), explain(decision));
        Reason why = decision.decidingFailure().orElseThrow();
        assertEquals("PatientAge >= 18", why.check());
        assertTrue(why.actual().startsWith("age unknown") && why.actual().endsWith("refused to be safe"), why.text());
    }

    @Test
    void productWithoutAgeLimitTakesAStudyOfUnknownAge() throws Exception {
        StudyFacts noAge = StudyFactsBuilder.ctThorax("060Y").without("PatientAge").build();

        RoutingDecision decision = decideOne(noAge, everythingTo("research-ct", "shadow"));

        assertEquals(RoutingOutcome.SEND, decision.outcome(), explain(decision));
    }

    @Test
    void ageFromBirthDateAndStudyDateWhenPatientAgeIsMissing() throws Exception {
        // 17 years and 364 days on the study date: still a child for an adults-only product
        StudyFacts almostAdult = StudyFactsBuilder.chestRadiograph("045Y").without("PatientAge")
                .with("PatientBirthDate", "20080111").with("StudyDate", "20260110").build();
        StudyFacts adult = StudyFactsBuilder.chestRadiograph("045Y").without("PatientAge")
                .with("PatientBirthDate", "20080110").with("StudyDate", "20260110").build();

        RoutingDecision refused = decideOne(almostAdult, everythingTo("cxr-adult", "clinical"));
        RoutingDecision sent = decideOne(adult, everythingTo("cxr-adult", "clinical"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, refused.outcome(), explain(refused));
        assertEquals("PatientAge >= 18: failed (17 years)", refused.decidingFailure().orElseThrow().text());
        assertEquals(RoutingOutcome.SEND, sent.outcome(), explain(sent));
    }

    @Test
    void onlySeriesWithinTheSliceThicknessGoAndNoneFittingRefuses() throws Exception {
        StudyFacts ct = StudyFactsBuilder.ctThorax("060Y").build();
        StudyFacts thickOnly = StudyFactsBuilder.study().with("PatientAge", "060Y")
                .series(StudyFactsBuilder.CT_IMAGE, 13, "Modality", "CT", "BodyPartExamined", "CHEST", "SliceThickness", "5.0")
                .build();

        RoutingDecision thinSent = decideOne(ct, everythingTo("ct-chest-adult", "clinical"));
        RoutingDecision thickRefused = decideOne(thickOnly, everythingTo("ct-chest-adult", "clinical"));

        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), thinSent.selectedSeries(), explain(thinSent));
        assertEquals(RoutingOutcome.GUARD_REFUSED, thickRefused.outcome(), explain(thickRefused));
        assertTrue(thickRefused.reasons().stream()
                .anyMatch(r -> r.text().equals("series 1: SliceThickness in 0.5..2.5 mm: failed (5.0)")), explain(thickRefused));
    }

    @Test
    void seriesOfAnotherSopClassIsLeftBehind() throws Exception {
        StudyFacts withReport = StudyFactsBuilder.ctThorax("060Y")
                .series(StudyFactsBuilder.SR_COMPREHENSIVE, 1, "Modality", "CT", "BodyPartExamined", "CHEST", "SliceThickness", "1.0")
                .build();

        RoutingDecision decision = decideOne(withReport, everythingTo("ct-chest-adult", "clinical"));

        assertEquals(List.of(StudyFactsBuilder.seriesUid(1)), decision.selectedSeries(), explain(decision));
        assertTrue(decision.reasons().stream().anyMatch(r -> r.text().equals(
                "series 3: SOPClassUID in [1.2.840.10008.5.1.4.1.1.2]: failed (" + StudyFactsBuilder.SR_COMPREHENSIVE + ")")),
                explain(decision));
    }

    @Test
    void missingViewPositionFailsSafe() throws Exception {
        StudyFacts noView = StudyFactsBuilder.study().with("PatientAge", "045Y")
                .series(StudyFactsBuilder.DX_PRESENTATION, 1, "Modality", "DX", "BodyPartExamined", "CHEST").build();

        RoutingDecision decision = decideOne(noView, everythingTo("cxr-adult", "clinical"));

        assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), explain(decision));
        assertTrue(decision.reasons().contains(new Reason(Reason.Stage.GUARD, "series 1", "ViewPosition in [PA, AP]", false,
                "absent; refused to be safe")), explain(decision));
    }

    @Test
    void algorithmMissingFromAReloadedCatalogueIsRefused() throws Exception {
        RouteSet routes = everythingTo("cxr-adult", "clinical");
        AlgorithmCatalogue without = RoutingFixtures.catalogue("algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST);

        RoutingDecision decision = router.decide(StudyFactsBuilder.chestRadiograph("045Y").build(), routes, without).get(0);

        assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), explain(decision));
        assertEquals("algorithm cxr-adult in the catalogue: failed (not found; refused to be safe)",
                decision.decidingFailure().orElseThrow().text());
    }
}
