package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.dicomweb.DicomWebEndpoint;
import org.varde.connectors.algorithm.dicomweb.ResultReturn;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's {@code protocol: dicomweb} block, read by the DICOMweb protocol. */
class DicomWebEndpointBlockTest {
    @TempDir
    Path dir;

    private static String entry(String endpoint) {
        return "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST.replace(
                "endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}", "endpoint: " + endpoint);
    }

    private static DicomWebEndpoint read(String block) throws Exception {
        return (DicomWebEndpoint) RoutingFixtures.catalogue(entry(block)).find("ct-chest-adult").orElseThrow().endpoint();
    }

    @Test
    void aPlainBlockPushesWithoutAuthentication() throws Exception {
        DicomWebEndpoint e = read("{protocol: dicomweb, url: \"http://127.0.0.1:8042/dicom-web/\"}");
        assertEquals(URI.create("http://127.0.0.1:8042/dicom-web"), e.url(), "the trailing slash dropped");
        assertEquals(URI.create("http://127.0.0.1:8042/dicom-web/studies"), e.resolve("studies"));
        assertEquals("none", e.auth().scheme());
        assertNull(e.auth().authorizationOrNull());
        assertEquals(ResultReturn.PUSH, e.results());
        assertEquals(Duration.ofSeconds(10), e.connectTimeout());
    }

    @Test
    void theBearerTokenComesFromItsFileAndTheApiNeverShowsIt() throws Exception {
        Path token = Files.writeString(dir.resolve("vendor.token"), "tok-123\n");
        DicomWebEndpoint e = read("{protocol: dicomweb, url: \"https://pe.example/dw\", connectTimeoutSeconds: 3,"
                + " auth: {bearerTokenFile: \"" + token + "\"}, results: push}");
        assertEquals("Bearer tok-123", e.auth().authorizationOrNull());
        assertEquals(ResultReturn.PUSH, e.results());
        assertEquals(Duration.ofSeconds(3), e.connectTimeout());
        assertEquals("bearer", e.settings().get("auth"));
        assertFalse(e.settings().toString().contains("tok-123"), e.settings().toString());
        assertFalse(e.auth().toString().contains("tok-123"));
    }

    @Test
    void basicAuthNeedsAUserAndAPasswordFile() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "pw");
        DicomWebEndpoint e = read("{protocol: dicomweb, url: \"https://pe.example\", auth: {user: varde, passwordFile: \""
                + password + "\"}}");
        assertEquals("Basic dmFyZGU6cHc=", e.auth().authorizationOrNull());

        RoutingConfigException missing = assertThrows(RoutingConfigException.class, () -> read(
                "{protocol: dicomweb, url: \"https://pe.example\", auth: {user: varde}}"));
        assertEquals("algorithms[0].endpoint.auth.passwordFile", missing.keyPath(), missing.getMessage());
    }

    @Test
    void aMissingSecretFileIsNamedButNothingOfItsContentIsShown() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> read(
                "{protocol: dicomweb, url: \"https://pe.example\", auth: {bearerTokenFile: \"" + dir.resolve("nope") + "\"}}"));
        assertEquals("algorithms[0].endpoint.auth.bearerTokenFile", e.keyPath());
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void tlsOnPlainHttpAndAnUnknownResultsWordAreRefused() throws Exception {
        RoutingConfigException results = assertThrows(RoutingConfigException.class, () -> read(
                "{protocol: dicomweb, url: \"http://pe.example\", results: carrier-pigeon}"));
        assertEquals("algorithms[0].endpoint.results", results.keyPath());
        DicomWebEndpoint poll = read("{protocol: dicomweb, url: \"http://pe.example\", results: poll, pollIntervalSeconds: 2}");
        assertEquals(org.varde.connectors.algorithm.dicomweb.ResultReturn.POLL, poll.results());
        assertEquals(java.time.Duration.ofSeconds(2), poll.pollInterval());
        assertEquals(2L, poll.settings().get("pollIntervalSeconds"));
        RoutingConfigException tls = assertThrows(RoutingConfigException.class, () -> read(
                "{protocol: dicomweb, url: \"http://pe.example\", tls: {trustedCertificates: ca.pem}}"));
        assertTrue(tls.keyPath().startsWith("algorithms[0].endpoint.tls"), tls.getMessage());
    }
}
