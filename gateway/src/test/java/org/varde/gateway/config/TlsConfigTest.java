package org.varde.gateway.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.ClientAuthMode;
import org.varde.dicom.tls.TestPki;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dicom.tls}, {@code http.tls} and the rule that plain HTTP stays on loopback. */
class TlsConfigTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = TestPki.in(dir);
        pki.issue(pki.ca("ca"), "server");
    }

    private static final String PEM = "certificate: server.crt\n    key: server.key\n";

    private static ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir));
    }

    @Test
    void plainHttpOnANonLoopbackAddressIsRefusedNamingTheWayOut() {
        ConfigException e = refused("http:\n  bind: 0.0.0.0\n");
        assertEquals("http.bind", e.key());
        assertTrue(e.getMessage().contains("http.tls") && e.getMessage().contains("http.allowPlainHttp: true"),
                e.getMessage());
        assertEquals("http.bind", refused("http:\n  bind: 10.1.2.3\n").key());
        assertEquals("http.bind", refused("http:\n  bind: gateway.hospital.example\n").key());
    }

    @Test
    void plainHttpIsAcceptedOnLoopbackOrWhenAllowedExplicitly() throws Exception {
        assertNull(ConfigLoader.parse("http:\n  bind: 127.0.0.1\n", dir).http().tls());
        ConfigLoader.parse("http:\n  bind: localhost\n", dir);
        ConfigLoader.parse("http:\n  bind: \"::1\"\n", dir);
        assertTrue(ConfigLoader.parse("http:\n  bind: 0.0.0.0\n  allowPlainHttp: true\n", dir).http().allowPlainHttp());
    }

    @Test
    void httpsMayBindAnyAddressAndAsksNoClientCertificateByDefault() throws Exception {
        HttpSettings http = ConfigLoader.parse("http:\n  bind: 0.0.0.0\n  tls:\n    " + PEM, dir).http();
        assertEquals(ClientAuthMode.NONE, http.tls().settings().clientAuth());
        assertEquals(Duration.ofSeconds(60), http.tls().reloadCheck());
        assertFalse(http.allowPlainHttp());
    }

    @Test
    void dicomTlsDefaultsToPort2762BesideThePlainPortWithClientCertificatesRequired() throws Exception {
        DicomTls tls = ConfigLoader.parse("dicom:\n  tls:\n    trustedCertificates: ca.crt\n    " + PEM, dir).dicom().tls();
        assertEquals(2762, tls.port());
        assertTrue(tls.keepPlainPort());
        assertEquals(ClientAuthMode.REQUIRED, tls.settings().clientAuth());
        assertEquals(dir.resolve("server.crt"), tls.settings().files().get(0));
    }

    @Test
    void dicomTlsMistakesNameTheirKey() {
        assertEquals("dicom.tls.trustedCertificates", refused("dicom:\n  tls:\n    " + PEM).key());
        assertEquals("dicom.tls.prot", refused("dicom:\n  tls:\n    prot: 2762\n    clientAuth: none\n    " + PEM).key());
        assertEquals("dicom.tls.port", refused("dicom:\n  port: 2762\n  tls:\n    clientAuth: none\n    " + PEM).key());
        assertEquals("dicom.tls.port", refused("dicom:\n  tls:\n    port: 0\n    clientAuth: none\n    " + PEM).key());
        assertEquals("dicom.tls.keepPlainPort",
                refused("dicom:\n  tls:\n    keepPlainPort: maybe\n    clientAuth: none\n    " + PEM).key());
        assertEquals("http.tls.clientAuth", refused("http:\n  tls:\n    clientAuth: sometimes\n    " + PEM).key());
    }

    @Test
    void tlsOnlyMayTakeThePlainPortsNumber() throws Exception {
        DicomSettings dicom = ConfigLoader.parse("dicom:\n  port: 2762\n  tls:\n    port: 2762\n    keepPlainPort: false\n"
                + "    clientAuth: none\n    " + PEM, dir).dicom();
        assertFalse(dicom.tls().keepPlainPort());
    }
}
