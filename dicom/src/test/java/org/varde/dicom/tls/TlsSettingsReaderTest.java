package org.varde.dicom.tls;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.net.Await;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code tls:} block: what it means, and every mistake refused with the key that holds it. */
class TlsSettingsReaderTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TestPki.Issued ca;
    private static TestPki.Issued server;
    private static TestPki.Issued client;
    private static Vertx vertx;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.in(dir);
        ca = pki.ca("ca");
        server = pki.issue(ca, "server");
        client = pki.issue(ca, "client");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() throws Exception {
        Await.result(vertx.close());
    }

    private static Map<String, Object> pemListener() {
        Map<String, Object> block = new HashMap<>();
        // relative to the config folder, as an administrator writes them
        block.put("certificate", "server.crt");
        block.put("key", "server.key");
        block.put("trustedCertificates", "ca.crt");
        return block;
    }

    private static TlsSettings listener(Map<String, Object> block) throws TlsConfigException {
        return TlsSettingsReader.read(block, "dicom.tls", dir, TlsSettingsReader.Side.LISTENER, Set.of("port"));
    }

    private static TlsConfigException refused(Map<String, Object> block) {
        return assertThrows(TlsConfigException.class, () -> listener(block));
    }

    @Test
    void aListenerDefaultsToTheNonDowngradingProfileAndRequiredClientCertificates() throws Exception {
        TlsSettings settings = listener(pemListener());
        assertEquals(TlsProfile.BCP195_NON_DOWNGRADING, settings.profile());
        assertEquals(ClientAuthMode.REQUIRED, settings.clientAuth());
        assertEquals(List.of(dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt")), settings.files());
    }

    @Test
    void theRfc9325ProfileHasNoDheAndNoCbcSuites() throws Exception {
        Map<String, Object> block = pemListener();
        block.put("profile", "bcp195-rfc9325");
        TlsSettings settings = listener(block);
        assertEquals(TlsProfile.BCP195_RFC9325, settings.profile());
        assertTrue(settings.profile().cipherSuites().stream().noneMatch(s -> s.contains("DHE_RSA") && !s.contains("ECDHE")
                || s.contains("CBC")));
    }

    @Test
    void mistakesAreRefusedWithTheirKey() {
        Map<String, Object> unknown = pemListener();
        unknown.put("certficate", "x");
        assertEquals("dicom.tls.certficate", refused(unknown).key());

        Map<String, Object> noKey = pemListener();
        noKey.remove("key");
        assertEquals("dicom.tls.key", refused(noKey).key());

        Map<String, Object> missingFile = pemListener();
        missingFile.put("certificate", "nowhere.crt");
        TlsConfigException e = refused(missingFile);
        assertEquals("dicom.tls.certificate", e.key());
        assertTrue(e.getMessage().contains("nowhere.crt"), e.getMessage());

        Map<String, Object> noTrust = pemListener();
        noTrust.remove("trustedCertificates");
        assertEquals("dicom.tls.trustedCertificates", refused(noTrust).key());

        Map<String, Object> badProfile = pemListener();
        badProfile.put("profile", "tls10");
        assertTrue(refused(badProfile).getMessage().contains("bcp195-nd, bcp195-rfc9325"));

        Map<String, Object> badFingerprint = pemListener();
        badFingerprint.put("allowedPeers", List.of("CN=ct-1", "sha256:12:34"));
        assertEquals("dicom.tls.allowedPeers[1]", refused(badFingerprint).key());

        Map<String, Object> allowListWithoutClientCertificates = pemListener();
        allowListWithoutClientCertificates.put("clientAuth", "none");
        allowListWithoutClientCertificates.put("allowedPeers", List.of("CN=ct-1"));
        assertEquals("dicom.tls.allowedPeers", refused(allowListWithoutClientCertificates).key());

        Map<String, Object> both = pemListener();
        both.put("keyStore", "server.crt");
        both.put("keyStorePassword", "x");
        assertEquals("dicom.tls.keyStore", refused(both).key());

        Map<String, Object> noCertificate = new HashMap<>();
        noCertificate.put("clientAuth", "none");
        assertEquals("dicom.tls.certificate", refused(noCertificate).key());
    }

    @Test
    void aClientBlockNeedsNeitherCertificateNorCasAndHasNoClientAuth() throws Exception {
        TlsSettings settings = TlsSettingsReader.read(Map.of(), "endpoint.tls", dir, TlsSettingsReader.Side.CLIENT, Set.of());
        assertEquals(null, settings.key());
        assertEquals(null, settings.trust());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsSettingsReader.read(
                Map.of("clientAuth", "required"), "endpoint.tls", dir, TlsSettingsReader.Side.CLIENT, Set.of()));
        assertEquals("endpoint.tls.clientAuth", e.key());
    }

    @Test
    void pkcs12KeyAndTrustStoresServeAListener() throws Exception {
        Map<String, Object> block = new HashMap<>();
        block.put("keyStore", pki.pkcs12(server, ca).toString());
        block.put("keyStorePassword", TestPki.PASSWORD);
        block.put("trustStore", pki.trustStore(ca).toString());
        block.put("trustStorePassword", TestPki.PASSWORD);
        TlsContext tls = TlsContext.load(vertx, listener(block));
        assertEquals(server.serial(), tls.certificate().getSerialNumber());
        DicomServer listener = DicomServer.createTls(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), tls,
                request -> { throw new UnsupportedOperationException(); }, null, null);
        int port = Await.result(listener.listen());
        try {
            assertEquals(server.serial(), TestTls.serverSerial(vertx, TestTls.client(client, ca), port));
        } finally {
            Await.result(listener.close());
        }
    }

    @Test
    void aWrongKeyStorePasswordIsSaidPlainly() {
        Map<String, Object> block = new HashMap<>();
        block.put("clientAuth", "none");
        block.put("keyStorePassword", "wrong");
        java.security.GeneralSecurityException e = assertThrows(java.security.GeneralSecurityException.class, () -> {
            block.put("keyStore", pki.pkcs12(server, ca).toString());
            TlsContext.load(vertx, listener(block));
        });
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }
}
