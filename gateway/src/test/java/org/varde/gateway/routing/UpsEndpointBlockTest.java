package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.varde.connectors.AlgorithmProtocols;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.ups.UpsEndpoint;

import io.vertx.core.Vertx;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's {@code protocol: ups} block (IHE AIW-I pull), read by the UPS protocol. */
class UpsEndpointBlockTest {
    private static String entry(String endpoint) {
        return "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST.replace(
                "endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}", "endpoint: " + endpoint);
    }

    private static UpsEndpoint read(String block) throws Exception {
        return (UpsEndpoint) RoutingFixtures.catalogue(entry(block)).find("ct-chest-adult").orElseThrow().endpoint();
    }

    @Test
    void aPlainBlockIsMediumPriorityWithoutARetrieveUrl() throws Exception {
        UpsEndpoint e = read("{protocol: ups}");
        assertEquals("MEDIUM", e.priority());
        assertNull(e.retrieveUrlOrNull());
        assertEquals(Map.of("protocol", "ups", "priority", "MEDIUM"), e.settings());
    }

    @Test
    void priorityAndRetrieveUrlAreRead() throws Exception {
        UpsEndpoint e = read("{protocol: ups, priority: high, retrieveUrl: \"https://varde.example/dicomweb/\"}");
        assertEquals("HIGH", e.priority());
        assertEquals(URI.create("https://varde.example/dicomweb"), e.retrieveUrlOrNull(), "the trailing slash dropped");
    }

    @Test
    void aWrongPriorityAMisspeltKeyAndANonHttpUrlAreRefusedNamingTheKey() {
        RoutingConfigException priority = assertThrows(RoutingConfigException.class,
                () -> read("{protocol: ups, priority: URGENT}"));
        assertEquals("algorithms[0].endpoint.priority", priority.keyPath(), priority.getMessage());
        RoutingConfigException unknown = assertThrows(RoutingConfigException.class,
                () -> read("{protocol: ups, host: ai.example}"));
        assertEquals("algorithms[0].endpoint.host", unknown.keyPath(), unknown.getMessage());
        RoutingConfigException url = assertThrows(RoutingConfigException.class,
                () -> read("{protocol: ups, retrieveUrl: \"ftp://varde.example\"}"));
        assertEquals("algorithms[0].endpoint.retrieveUrl", url.keyPath(), url.getMessage());
    }

    @Test
    void theProtocolHasAnAdapterOnlyWhereTheGatewayKeepsAWorklist() {
        Vertx vertx = Vertx.vertx();
        try {
            assertFalse(AlgorithmProtocols.standard().adapters(new AdapterEnvironment(vertx, "VARDE")).containsKey("ups"),
                    "without a worklist its jobs are dead-lettered, not scheduled nowhere");
            assertTrue(AlgorithmProtocols.standard().adapters(new AdapterEnvironment(vertx, "VARDE", w -> "2.25.1"))
                    .containsKey("ups"));
        } finally {
            vertx.close();
        }
    }
}
