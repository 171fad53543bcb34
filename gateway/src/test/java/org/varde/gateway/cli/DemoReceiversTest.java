package org.varde.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.sink.fhir.FhirSinkOptions;
import org.varde.connectors.sink.hl7.Hl7SinkOptions;
import org.varde.connectors.sink.pacs.PacsTarget;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's receivers without Orthanc: the sandbox PACS and the sandbox RIS start for the loopback
 * outputs, on free ports when the configured one is taken, and each output is pointed where its
 * receiver listens; an output elsewhere is left alone.
 */
class DemoReceiversTest {
    @TempDir
    Path tmp;

    @Test
    void loopbackOutputsGetASandboxReceiverOnAFreePortWhenTheirsIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DemoVendors vendors = new DemoVendors()) {
            int port = taken.getLocalPort();
            GatewayConfig config = ConfigLoader.parse("""
                    outputs:
                      pacs: {type: pacs, host: 127.0.0.1, port: %d, aeTitle: DEMO_PACS}
                      fhir:
                        type: fhir
                        baseUrl: http://127.0.0.1:%d/fhir
                        patientIdentifierSystem: urn:oid:2.16.578.1.12.4.1.4.1
                        accessionSystem: urn:oid:2.16.578.1.34.1.1
                      hl7: {type: hl7, host: 127.0.0.1, port: %d}
                      elsewhere: {type: hl7, host: ris.hospital.example, port: 2575}
                    """.formatted(port, port, port), tmp);
            DemoReceivers receivers = new DemoReceivers(vendors, null);
            try {
                GatewayConfig connected = receivers.connect(config);
                PacsTarget pacs = (PacsTarget) connected.outputs().byName().get("pacs").target();
                FhirSinkOptions fhir = (FhirSinkOptions) connected.outputs().byName().get("fhir").target();
                Hl7SinkOptions hl7 = (Hl7SinkOptions) connected.outputs().byName().get("hl7").target();
                for (int moved : new int[] {pacs.port(), fhir.baseUrl().getPort(), hl7.port()}) {
                    assertNotEquals(port, moved);
                    try (Socket reached = new Socket("127.0.0.1", moved)) {
                        assertTrue(reached.isConnected());
                    }
                }
                assertEquals("DEMO_PACS", pacs.aeTitle());
                assertEquals("the sandbox PACS", receivers.pacsName());
                assertEquals(0, receivers.pacsStored());
                // the FHIR output reaches the sandbox RIS's search, as the sink asks about an order
                HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                fhir.baseUrl() + "/ServiceRequest?identifier=urn:oid:2.16.578.1.34.1.1%7CSYN1"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, search.statusCode(), search.body());
                assertTrue(search.body().contains("searchset"), search.body());
                assertSame(config.outputs().byName().get("elsewhere").target(),
                        connected.outputs().byName().get("elsewhere").target());
            } finally {
                receivers.close();
            }
        }
    }
}
