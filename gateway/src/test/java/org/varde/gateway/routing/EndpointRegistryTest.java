package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.varde.connectors.AlgorithmProtocols;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.dicom.DicomProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's {@code endpoint:} blocks are read by the protocol the registry names, not by the gateway. */
class EndpointRegistryTest {

    /** A protocol the gateway has never heard of: registered, it is read without a line changed in gateway/. */
    record PigeonEndpoint(String loft, int birds) implements AlgorithmEndpoint {
        @Override
        public String protocol() {
            return "pigeon";
        }

        @Override
        public String describe() {
            return loft;
        }

        @Override
        public Map<String, Object> settings() {
            return Map.of("protocol", "pigeon", "loft", loft, "birds", birds);
        }
    }

    static final class PigeonProtocol implements AlgorithmProtocol {
        @Override
        public String name() {
            return "pigeon";
        }

        @Override
        public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
            PigeonEndpoint endpoint = new PigeonEndpoint(block.requiredText("loft"), block.integer("birds", 1, 1, 12));
            block.refuseUnknownKeys();
            return endpoint;
        }

        @Override
        public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
            return Optional.empty();
        }
    }

    private static String entry(String endpoint) {
        return "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST.replace(
                "endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}", "endpoint: " + endpoint);
    }

    @Test
    void aRegisteredProtocolReadsItsOwnBlock() throws Exception {
        AlgorithmProtocols registry = AlgorithmProtocols.of(List.of(new DicomProtocol(), new PigeonProtocol()));

        AlgorithmCatalogue catalogue = AlgorithmCatalogue.fromTree(
                RoutingFixtures.yaml(entry("{protocol: pigeon, loft: roof, birds: 3}")), registry);

        assertEquals(new PigeonEndpoint("roof", 3), catalogue.find("ct-chest-adult").orElseThrow().endpoint());
    }

    @Test
    void aProtocolsProblemNamesTheKeyPath() {
        AlgorithmProtocols registry = AlgorithmProtocols.of(List.of(new PigeonProtocol()));

        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.fromTree(
                RoutingFixtures.yaml(entry("{protocol: pigeon, loft: roof, birds: 40}")), registry));

        assertEquals("algorithms[0].endpoint.birds", e.keyPath(), e.getMessage());
    }

    @Test
    void anUnknownProtocolIsRefusedNamingTheKnownOnes() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> RoutingFixtures.catalogue(
                entry("{protocol: pigeon, loft: roof}")));

        assertEquals("algorithms[0].endpoint.protocol", e.keyPath());
        assertTrue(e.problem().contains("dicom, dicomweb, rest"), e.getMessage());
    }

    @Test
    void theDicomBlockIsReadByTheDicomProtocol() throws Exception {
        AlgorithmEndpoint endpoint = RoutingFixtures.catalogue(entry(
                "{protocol: dicom, host: ai.example, port: 104, aeTitle: LUNGAI}")).find("ct-chest-adult").orElseThrow()
                .endpoint();

        assertEquals(new DicomEndpoint("ai.example", 104, "LUNGAI"), endpoint);
    }

    @Test
    void aMisspeltDicomKeyIsRefused() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> RoutingFixtures.catalogue(entry(
                "{protocol: dicom, host: ai.example, port: 104, aeTitel: LUNGAI}")));

        assertTrue(e.getMessage().startsWith("algorithms[0].endpoint.aeTitle: is required")
                || e.getMessage().startsWith("algorithms[0].endpoint.aeTitel: unknown key"), e.getMessage());
    }
}
