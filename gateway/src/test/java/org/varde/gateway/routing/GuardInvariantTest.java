package org.varde.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guard's promise as a property over many random studies: with routes that send every study to
 * every product of the example catalogue, nothing outside a product's intended use is ever selected.
 * The check here is written independently of the guard, from the catalogue's data.
 */
class GuardInvariantTest {
    private static final String[] MODALITIES = {"CT", "MR", "DX", "CR", "US", null};
    private static final String[] BODY_PARTS = {"CHEST", "HEAD", "BRAIN", "WRIST", "ABDOMEN", "KNEE", null};
    private static final String[] VIEWS = {"PA", "AP", "LL", "LATERAL", null};
    private static final String[] THICKNESS = {"0.6", "1.0", "2.5", "3", "5.0", "10", "x", null};
    private static final String[] SOP_CLASSES = {StudyFactsBuilder.CT_IMAGE, StudyFactsBuilder.MR_IMAGE,
            StudyFactsBuilder.DX_PRESENTATION, StudyFactsBuilder.SR_COMPREHENSIVE, "1.2.840.10008.5.1.4.1.1.1"};
    private static final String[] AGES = {"001D", "020W", "018M", "002Y", "006Y", "017Y", "018Y", "045Y", "076Y", "090Y", "bad", null};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void nothingOutsideTheIntendedUseIsEverSelected(long seed) throws Exception {
        AlgorithmCatalogue catalogue = AlgorithmCatalogue.load(RoutingFixtures.configFolder().resolve("algorithms.yaml"));
        StringBuilder yaml = new StringBuilder("routes:\n");
        for (Algorithm algorithm : catalogue.algorithms()) {
            for (String mode : List.of("clinical", "shadow")) {
                yaml.append("  - {name: ").append(algorithm.id()).append('-').append(mode)
                        .append(", algorithms: [").append(algorithm.id()).append("], mode: ").append(mode).append("}\n");
            }
        }
        RouteSet everything = RoutingFixtures.routes(yaml.toString(), catalogue);
        Router router = new Router();
        Random random = new Random(seed);
        int sent = 0;
        for (int i = 0; i < 400; i++) {
            StudyFacts study = randomStudy(random);
            for (RoutingDecision decision : router.decide(study, everything, catalogue)) {
                if (decision.send()) {
                    sent++;
                    assertWithinIntendedUse(study, decision, catalogue.find(decision.algorithm()).orElseThrow());
                } else {
                    assertEquals(RoutingOutcome.GUARD_REFUSED, decision.outcome(), "routes take everything");
                    assertTrue(decision.selectedSeries().isEmpty());
                }
            }
        }
        assertTrue(sent > 20, "the random studies should reach some products, reached " + sent);
    }

    private static void assertWithinIntendedUse(StudyFacts study, RoutingDecision decision, Algorithm algorithm) {
        IntendedUse use = algorithm.intendedUse();
        String context = RoutingFixtures.explain(decision);
        if (algorithm.research()) {
            assertEquals(RouteMode.SHADOW, decision.mode(), context);
        }
        if (use.ageLimited()) {
            Optional<PatientAge> age = study.age();
            assertTrue(age.isPresent() && use.ageYears().contains(age.get().years()), context);
        }
        assertTrue(!decision.selectedSeries().isEmpty(), context);
        for (String uid : decision.selectedSeries()) {
            SeriesFacts series = study.series().stream().filter(s -> s.seriesInstanceUid().equals(uid)).findFirst()
                    .orElseGet(() -> fail("selected series not in the study: " + uid));
            assertAllowed(series.attributes().get("Modality"), use.modalities(), context);
            assertAllowed(series.attributes().get("BodyPartExamined"), use.bodyParts(), context);
            assertAllowed(series.attributes().get("ViewPosition"), use.viewPositions(), context);
            if (!use.sopClasses().isEmpty()) {
                assertTrue(!series.sopClasses().isEmpty() && use.sopClasses().containsAll(series.sopClasses()), context);
            }
            if (use.sliceThicknessMm() != null) {
                String thickness = series.attributes().get("SliceThickness");
                assertTrue(thickness != null && use.sliceThicknessMm().contains(Double.parseDouble(thickness)), context);
            }
        }
    }

    private static void assertAllowed(String value, List<String> allowed, String context) {
        if (!allowed.isEmpty()) {
            assertTrue(value != null && allowed.contains(value.toUpperCase(Locale.ROOT)), value + " not in " + allowed + "\n" + context);
        }
    }

    private static StudyFacts randomStudy(Random random) {
        Map<String, String> study = new HashMap<>();
        study.put("StudyInstanceUID", "1.2.3." + random.nextInt(1_000_000));
        put(study, "PatientAge", pick(random, AGES));
        int seriesCount = 1 + random.nextInt(4);
        List<SeriesFacts> series = new ArrayList<>();
        for (int n = 1; n <= seriesCount; n++) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("SeriesInstanceUID", study.get("StudyInstanceUID") + "." + n);
            attributes.put("SeriesNumber", Integer.toString(n));
            put(attributes, "Modality", pick(random, MODALITIES));
            put(attributes, "BodyPartExamined", pick(random, BODY_PARTS));
            put(attributes, "ViewPosition", pick(random, VIEWS));
            put(attributes, "SliceThickness", pick(random, THICKNESS));
            Set<String> sopClasses = random.nextInt(10) == 0 ? Set.of() : Set.of(pick(random, SOP_CLASSES));
            series.add(new SeriesFacts(attributes, 1 + random.nextInt(100), sopClasses));
        }
        return new StudyFacts(study, series);
    }

    private static void put(Map<String, String> map, String keyword, String value) {
        if (value != null) {
            map.put(keyword, value);
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
