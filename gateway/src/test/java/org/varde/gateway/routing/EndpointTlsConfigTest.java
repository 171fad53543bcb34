package org.varde.gateway.routing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TlsProfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DICOM endpoint's {@code tls:} block in the catalogue: read with the listener's reader, paths beside the catalogue. */
class EndpointTlsConfigTest {
    @TempDir
    static Path folder;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = TestPki.in(folder);
        TestPki.Issued ca = pki.ca("vendor-ca");
        pki.issue(ca, "varde-client");
    }

    private static Path catalogueWith(String endpoint) throws Exception {
        String entry = RoutingFixtures.CT_ADULT_CHEST.replace(
                "endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}", endpoint);
        return Files.writeString(folder.resolve("algorithms.yaml"), "algorithms:\n" + entry);
    }

    @Test
    void aTlsBlockMakesATlsEndpointWithFilesBesideTheCatalogue() throws Exception {
        Path file = catalogueWith("""
                endpoint:
                      protocol: dicom
                      host: localhost
                      port: 2762
                      aeTitle: CTAI
                      tls:
                        profile: bcp195-rfc9325
                        trustedCertificates: vendor-ca.crt
                        certificate: varde-client.crt
                        key: varde-client.key
                """);
        DicomEndpoint endpoint = (DicomEndpoint) AlgorithmCatalogue.load(file).find("ct-chest-adult").orElseThrow().endpoint();
        assertEquals(TlsProfile.BCP195_RFC9325, endpoint.tls().profile());
        assertEquals(folder.resolve("vendor-ca.crt"), endpoint.tls().files().get(2));
        assertEquals(Map.of("profile", "bcp195-rfc9325"), endpoint.settings().get("tls"));
        assertTrue(endpoint.describe().endsWith("(TLS)"), endpoint.describe());
    }

    @Test
    void withoutATlsBlockTheEndpointIsPlain() throws Exception {
        DicomEndpoint endpoint = (DicomEndpoint) AlgorithmCatalogue.load(catalogueWith(
                "endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}"))
                .find("ct-chest-adult").orElseThrow().endpoint();
        assertNull(endpoint.tls());
    }

    @Test
    void aMistakeInTheTlsBlockNamesItsKey() throws Exception {
        Path file = catalogueWith("""
                endpoint:
                      protocol: dicom
                      host: localhost
                      port: 2762
                      aeTitle: CTAI
                      tls:
                        trustedCertificates: missing-ca.crt
                """);
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.load(file));
        assertTrue(e.getMessage().startsWith("algorithms[0].endpoint.tls.trustedCertificates: cannot read"),
                e.getMessage());
        Path clientAuth = catalogueWith("""
                endpoint:
                      protocol: dicom
                      host: localhost
                      port: 2762
                      aeTitle: CTAI
                      tls: {clientAuth: required}
                """);
        RoutingConfigException unknown = assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.load(clientAuth));
        assertTrue(unknown.getMessage().startsWith("algorithms[0].endpoint.tls.clientAuth: unknown key"), unknown.getMessage());
    }
}
