package org.varde.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.fhir.FhirSinkOptions;
import org.varde.connectors.sink.hl7.Hl7SinkOptions;
import org.varde.connectors.sink.pacs.PacsTarget;
import org.varde.gateway.orchestration.RoutingFiles;
import org.varde.gateway.priority.PriorityPolicy;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code outputs:} section read through the connectors' sink registry, and the catalogue's and
 * routes' {@code outputs:} and {@code priority:} checked against it at load.
 */
class OutputsConfigTest {
    private static final String OUTPUTS = """
            outputs:
              pacs:
                type: pacs
                host: 127.0.0.1
                port: 4242
                aeTitle: ORTHANC
                summaryImage: true
              ris-fhir:
                type: fhir
                baseUrl: http://127.0.0.1:8090/fhir
                bearerToken: secret-token
                patientIdentifierSystem: urn:oid:2.16.578.1.12.4.1.4.1
                accessionSystem: urn:oid:2.16.578.1.34.1.1
              ris-hl7:
                type: hl7
                host: 127.0.0.1
                port: 2575
                receivingApplication: RIS
            """;
    private static final String CATALOGUE = """
            algorithms:
              - id: lung-nodules
                vendor: Sandbox
                product: PulmoSpot
                approvedVersion: "2.1.0"
                regulatoryStatus: ce-marked
                ceClass: IIa
                notifiedBody: NB 0000
                certificateId: SANDBOX-1
                intendedUse: {modalities: [CT]}
                endpoint: {protocol: dicom, host: 127.0.0.1, port: 11113, aeTitle: PULMOSPOT}
                outputs: [%s]
                priority:
                  rules:
                    - {finding: "SCT:59282003", minProbability: 0.8, priority: stat}
                    - {finding: "SCT:27925004", measurement: "SCT:103339001", atLeast: 8, unit: mm, priority: urgent}
                  otherwise: %s
            """;

    @TempDir
    Path dir;

    @Test
    void eachOutputIsReadByItsSinkProtocol() throws Exception {
        GatewayConfig config = ConfigLoader.parse(OUTPUTS, dir);
        assertEquals(List.of("pacs", "ris-fhir", "ris-hl7"), List.copyOf(config.outputs().names()));
        PacsTarget pacs = assertInstanceOf(PacsTarget.class, config.outputs().byName().get("pacs").target());
        assertEquals("ORTHANC", pacs.aeTitle());
        assertEquals(4242, pacs.port());
        assertTrue(pacs.summaryImage());
        FhirSinkOptions fhir = assertInstanceOf(FhirSinkOptions.class, config.outputs().byName().get("ris-fhir").target());
        assertEquals("http://127.0.0.1:8090/fhir", fhir.baseUrl().toString());
        assertEquals("secret-token", fhir.bearerToken().orElseThrow());
        Hl7SinkOptions hl7 = assertInstanceOf(Hl7SinkOptions.class, config.outputs().byName().get("ris-hl7").target());
        assertEquals(2575, hl7.port());
        assertTrue(config.outputs().hasType("fhir"));
    }

    @Test
    void concurrencyAndPriorityByAreReadWithTheirDefaults() throws Exception {
        GatewayConfig defaults = ConfigLoader.parse(OUTPUTS, dir);
        assertEquals(4, defaults.outputs().byName().get("pacs").concurrency());
        assertEquals(4, defaults.outputs().byName().get("ris-fhir").concurrency());
        assertEquals(1, defaults.outputs().byName().get("ris-hl7").concurrency(), "HL7 in order, one at a time");
        assertEquals(org.varde.connectors.sink.fhir.PriorityTarget.TASK,
                ((FhirSinkOptions) defaults.outputs().byName().get("ris-fhir").target()).priorityBy());

        GatewayConfig set = ConfigLoader.parse("""
                outputs:
                  ris-fhir: {type: fhir, baseUrl: "http://ris/fhir", patientIdentifierSystem: "urn:oid:1.2",
                             accessionSystem: "urn:oid:1.3", priorityBy: serviceRequest, concurrency: 8}
                """, dir);
        assertEquals(8, set.outputs().byName().get("ris-fhir").concurrency());
        assertEquals(org.varde.connectors.sink.fhir.PriorityTarget.SERVICE_REQUEST,
                ((FhirSinkOptions) set.outputs().byName().get("ris-fhir").target()).priorityBy());

        ConfigException by = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  ris-fhir: {type: fhir, baseUrl: "http://ris/fhir", patientIdentifierSystem: "urn:oid:1.2",
                             accessionSystem: "urn:oid:1.3", priorityBy: order}
                """, dir));
        assertEquals("outputs.ris-fhir.priorityBy: must be task or serviceRequest, was \"order\"", by.getMessage());
        ConfigException many = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  ris: {type: hl7, host: ris, port: 2575, concurrency: 0}
                """, dir));
        assertTrue(many.getMessage().startsWith("outputs.ris.concurrency: must be 1..32"), many.getMessage());
    }

    @Test
    void noOutputsSectionMeansNone() throws Exception {
        assertTrue(ConfigLoader.parse("", dir).outputs().names().isEmpty());
    }

    @Test
    void anUnknownSinkTypeIsRefusedNamingTheTypes() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  ris: {type: smtp, host: mail}
                """, dir));
        assertEquals("outputs.ris.type: must be one of pacs, fhir, hl7, was \"smtp\"", e.getMessage());
    }

    @Test
    void aMisspeltKeyInAnOutputIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  pacs: {type: pacs, host: 127.0.0.1, port: 104, aeTitle: PACS, summaryImages: true}
                """, dir));
        assertTrue(e.getMessage().startsWith("outputs.pacs.summaryImages: unknown key"), e.getMessage());
    }

    @Test
    void aMissingRequiredKeyAndABadPortAreRefused() {
        ConfigException host = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  ris: {type: hl7, port: 2575}
                """, dir));
        assertEquals("outputs.ris.host: is required", host.getMessage());
        ConfigException port = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  ris: {type: hl7, host: ris, port: 70000}
                """, dir));
        assertTrue(port.getMessage().startsWith("outputs.ris.port: must be 1..65535"), port.getMessage());
    }

    @Test
    void anOutputNameOutsideTheSafeAlphabetIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                outputs:
                  "Ris Main": {type: hl7, host: ris, port: 2575}
                """, dir));
        assertTrue(e.getMessage().startsWith("outputs.Ris Main: an output name is"), e.getMessage());
    }

    @Test
    void theCataloguesOutputsAndPriorityPolicyAreRead() throws Exception {
        RoutingConfig routing = RoutingFiles.load(configWith("pacs, ris-fhir", "vendor", "[]"));
        Algorithm a = routing.catalogue().find("lung-nodules").orElseThrow();
        assertEquals(List.of("pacs", "ris-fhir"), a.outputs().outputs());
        PriorityPolicy policy = a.outputs().priority();
        assertEquals(2, policy.rules().size());
        assertEquals(WorklistPriority.STAT, policy.rules().get(0).priority());
        assertEquals(0.8, policy.rules().get(0).minProbability().orElseThrow());
        assertEquals("SCT:103339001", policy.rules().get(1).measurement().orElseThrow());
        assertEquals(0, new java.math.BigDecimal("8").compareTo(policy.rules().get(1).atLeast().orElseThrow()));
        assertTrue(policy.followVendorByDefault());
        assertEquals(List.of("pacs", "ris-fhir"), routing.routes().routes().get(0).outputsFor(a),
                "a route without outputs feeds its algorithm's");
    }

    @Test
    void aRoutesOwnOutputsReplaceTheAlgorithms() throws Exception {
        RoutingConfig routing = RoutingFiles.load(configWith("pacs", "none", "[ris-hl7]"));
        Algorithm a = routing.catalogue().find("lung-nodules").orElseThrow();
        assertEquals(List.of("ris-hl7"), routing.routes().routes().get(0).outputsFor(a));
        assertFalse(a.outputs().priority().followVendorByDefault());
    }

    @Test
    void anAlgorithmNamingAnUnknownOutputIsRefusedAtLoad() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> RoutingFiles.load(configWith("pacs, ris", "vendor", "[]")));
        assertEquals("algorithms.yaml: algorithms[0].outputs[1]: unknown output \"ris\": the main config's outputs: "
                + "block has pacs, ris-fhir, ris-hl7", e.getMessage());
    }

    @Test
    void aRouteNamingAnUnknownOutputIsRefusedAtLoad() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> RoutingFiles.load(configWith("pacs", "vendor", "[pacs-backup]")));
        assertEquals("routes.yaml: routes[0].outputs[0]: unknown output \"pacs-backup\": the main config's outputs: "
                + "block has pacs, ris-fhir, ris-hl7", e.getMessage());
    }

    @Test
    void aBadPriorityWordOrAHalfSizeRuleIsRefused() throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), CATALOGUE.formatted("pacs", "vendor")
                .replace("priority: urgent", "priority: high"));
        writeRoutesAndConfig("[]");
        RoutingConfigException word = assertThrows(RoutingConfigException.class,
                () -> RoutingFiles.load(ConfigLoader.load(dir.resolve("varde.yaml"))));
        assertTrue(word.getMessage().contains("algorithms[0].priority.rules[1].priority: must be routine, urgent, asap or stat"),
                word.getMessage());
        Files.writeString(dir.resolve("algorithms.yaml"), CATALOGUE.formatted("pacs", "vendor")
                .replace(", unit: mm", ""));
        RoutingConfigException half = assertThrows(RoutingConfigException.class,
                () -> RoutingFiles.load(ConfigLoader.load(dir.resolve("varde.yaml"))));
        assertTrue(half.getMessage().contains("needs measurement (scheme:code), atLeast and unit (UCUM) together"),
                half.getMessage());
    }

    private GatewayConfig configWith(String algorithmOutputs, String otherwise, String routeOutputs) throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), CATALOGUE.formatted(algorithmOutputs, otherwise));
        writeRoutesAndConfig(routeOutputs);
        return ConfigLoader.load(dir.resolve("varde.yaml"));
    }

    private void writeRoutesAndConfig(String routeOutputs) throws Exception {
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    outputs: %s
                """.formatted(routeOutputs));
        Files.writeString(dir.resolve("varde.yaml"), OUTPUTS + """
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                """);
    }
}
