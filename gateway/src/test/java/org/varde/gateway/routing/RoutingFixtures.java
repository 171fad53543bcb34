package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Catalogues and routes written inline in tests, and the example files of {@code config/}. */
final class RoutingFixtures {
    private static final YAMLMapper YAML = new YAMLMapper();

    private RoutingFixtures() {
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AlgorithmCatalogue catalogue(String yaml) throws RoutingConfigException {
        return AlgorithmCatalogue.fromTree(yaml(yaml));
    }

    static RouteSet routes(String yaml, AlgorithmCatalogue catalogue) throws RoutingConfigException {
        return RouteSet.fromTree(yaml(yaml), catalogue);
    }

    /** The repository's {@code config/} folder, found upwards from the working directory. */
    static Path configFolder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("config/algorithms.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/algorithms.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("config");
    }

    /** One decision of a list, by route and algorithm. */
    static RoutingDecision decision(List<RoutingDecision> decisions, String route, String algorithm) {
        return decisions.stream()
                .filter(d -> d.route().equals(route) && d.algorithm().equals(algorithm))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no decision for " + route + " / " + algorithm + " in " + decisions));
    }

    /** The reasons of a decision as text, one per line, for assertion messages. */
    static String explain(RoutingDecision decision) {
        StringBuilder text = new StringBuilder(decision.route() + " -> " + decision.algorithm() + ": " + decision.outcome());
        decision.reasons().forEach(r -> text.append("\n  ").append(r.stage()).append(' ').append(r.text()));
        return text.toString();
    }

    /** A minimal CE-marked entry: CT chest, adults, thin slices. */
    static final String CT_ADULT_CHEST = """
              - id: ct-chest-adult
                vendor: V
                product: P
                approvedVersion: "1.0"
                ceClass: IIa
                notifiedBody: NB
                certificateId: C-1
                regulatoryStatus: ce-marked
                intendedUse:
                  modalities: [CT]
                  bodyParts: [CHEST]
                  sopClasses: [1.2.840.10008.5.1.4.1.1.2]
                  minAgeYears: 18
                  minSliceThicknessMm: 0.5
                  maxSliceThicknessMm: 2.5
                endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}
            """;

    static final String CXR_ADULT = """
              - id: cxr-adult
                vendor: V
                product: P
                approvedVersion: "1.0"
                ceClass: IIb
                notifiedBody: NB
                certificateId: C-2
                regulatoryStatus: ce-marked
                intendedUse:
                  modalities: [DX, CR]
                  bodyParts: [CHEST]
                  viewPositions: [PA, AP]
                  minAgeYears: 18
                endpoint: {protocol: dicom, host: 127.0.0.1, port: 11122, aeTitle: CXRAI}
            """;

    static final String RESEARCH_CT = """
              - id: research-ct
                vendor: Lab
                product: Prototype
                approvedVersion: "0.1"
                regulatoryStatus: research
                intendedUse:
                  modalities: [CT]
                endpoint:
                  protocol: rest
                  url: "http://127.0.0.1:18090/x"
                  result: poll
                  mapping: {status: /status, studyInstanceUid: /study, algorithmVersion: /version}
            """;

    /** The three entries above as one catalogue. */
    static AlgorithmCatalogue smallCatalogue() throws RoutingConfigException {
        return catalogue("algorithms:\n" + CT_ADULT_CHEST + CXR_ADULT + RESEARCH_CT);
    }
}
