package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.ClientAuthMode;
import org.varde.dicom.tls.PeerAllowList;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TestPki.Issued;
import org.varde.dicom.tls.TestTls;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dcmtk's TLS tools (Debian's dcmtk is built with OpenSSL) against Varde's TLS listener, with
 * certificates this test makes: who gets in, who does not, and that a refused peer never reaches
 * association negotiation nor takes the listener down.
 */
@ExtendWith(VertxExtension.class)
class DcmtkTlsListenerTest {
    @TempDir
    static Path pkiDir;
    @TempDir
    static Path images;
    private static TestImages files;
    private static Issued ca;
    private static Issued wrongCa;
    private static Issued varde;
    private static Issued modality;
    private static Issued stranger;
    private static Issued fromWrongCa;
    private static Issued expiredModality;
    private static Issued expiredVarde;

    @TempDir
    Path received;
    private FileStoreHandler handler;
    private final List<DicomServer> servers = new ArrayList<>();

    @BeforeAll
    static void makeCertificatesAndImages() throws Exception {
        TestPki pki = TestPki.in(pkiDir);
        ca = pki.ca("Hospital CA");
        wrongCa = pki.ca("Other CA");
        varde = pki.issue(ca, "varde");
        modality = pki.issue(ca, "ct-1");
        stranger = pki.issue(ca, "ct-2");
        fromWrongCa = pki.issue(wrongCa, "ct-3");
        expiredModality = pki.expired(ca, "ct-4");
        expiredVarde = pki.expired(ca, "varde-old");
        files = TestImages.create(images, 64, 11);
    }

    @BeforeEach
    void handler(Vertx vertx) {
        handler = new FileStoreHandler(vertx, received);
    }

    @AfterEach
    void close() throws Exception {
        for (DicomServer s : servers) {
            Await.result(s.close());
        }
    }

    private int listen(Vertx vertx, TlsSettings settings) throws Exception {
        TlsContext tls = TlsContext.load(vertx, settings);
        DicomServer server = DicomServer.createTls(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0), tls,
                handler, null, null);
        servers.add(server);
        return Await.result(server.listen());
    }

    private int listen(Vertx vertx) throws Exception {
        return listen(vertx, TestTls.listener(varde, ca, ClientAuthMode.REQUIRED, List.of()));
    }

    private static Dcmtk.Result echoscu(int port, Issued own, Issued trusted) throws Exception {
        return Dcmtk.run(60, "echoscu", "+tls", own.keyFile().toString(), own.certificateFile().toString(),
                "+cf", trusted.certificateFile().toString(), "-aet", "CT1", "-aec", "VARDE", "127.0.0.1",
                String.valueOf(port));
    }

    @Test
    void echoscuWithATrustedCertificateIsAnsweredOverTls(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result r = echoscu(port, modality, ca);
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void storescuOverTlsArrivesUnchanged(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result r = Dcmtk.run(60, "storescu", "+tls", modality.keyFile().toString(),
                modality.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "-xe",
                "-aet", "CT1", "-aec", "VARDE", "127.0.0.1", String.valueOf(port), files.explicitLe.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(1, handler.stored.size(), r.output());
        assertEquals(Dcmtk.dumpWithoutMeta(files.explicitLe), Dcmtk.dumpWithoutMeta(handler.stored.get(0)));
    }

    @Test
    void aModalityTrustingAnotherCaRefusesOurCertificate(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result r = echoscu(port, modality, wrongCa);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(handler.requests.isEmpty());
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedAndTheListenerStaysUp(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result refused = echoscu(port, fromWrongCa, ca);
        assertNotEquals(0, refused.exitCode(), refused.output());
        Dcmtk.Result next = echoscu(port, modality, ca);
        assertEquals(0, next.exitCode(), next.output());
    }

    @Test
    void anExpiredClientCertificateIsRefused(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result r = echoscu(port, expiredModality, ca);
        assertNotEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aModalityRefusesOurExpiredCertificate(Vertx vertx) throws Exception {
        int port = listen(vertx, TestTls.listener(expiredVarde, ca, ClientAuthMode.REQUIRED, List.of()));
        Dcmtk.Result r = echoscu(port, modality, ca);
        assertNotEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenOneIsRequired(Vertx vertx) throws Exception {
        int port = listen(vertx);
        // +tla: TLS without a certificate of its own
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "+tla", "+cf", ca.certificateFile().toString(),
                "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertNotEquals(0, r.exitCode(), r.output());
    }

    @Test
    void plainTcpOnTheTlsPortIsRefusedCleanlyAndTheListenerStaysUp(Vertx vertx) throws Exception {
        int port = listen(vertx);
        Dcmtk.Result plain = Dcmtk.run(60, "echoscu", "-to", "10", "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertNotEquals(0, plain.exitCode(), plain.output());
        try (RawPeer peer = new RawPeer(port)) {
            // an A-ASSOCIATE-RQ in clear is not a TLS ClientHello: the connection is closed, nothing answered
            peer.send(RawPeer.echoRequest("CT1", "VARDE"));
            assertTrue(peer.closedByPeer(), "the listener closes a plain-TCP connection");
        }
        assertTrue(handler.requests.isEmpty());
        assertEquals(0, servers.get(0).activeAssociations());
        Dcmtk.Result tls = echoscu(port, modality, ca);
        assertEquals(0, tls.exitCode(), tls.output());
    }

    @Test
    void aCertificateFromTheRightCaButNotOnTheAllowListIsRefused(Vertx vertx) throws Exception {
        String fingerprint = "sha256:" + PeerAllowList.fingerprintOf(modality.certificate());
        int port = listen(vertx, TestTls.listener(varde, ca, ClientAuthMode.REQUIRED, List.of(fingerprint)));
        Dcmtk.Result listed = echoscu(port, modality, ca);
        assertEquals(0, listed.exitCode(), listed.output());
        Dcmtk.Result unlisted = echoscu(port, stranger, ca);
        assertNotEquals(0, unlisted.exitCode(), unlisted.output());
    }

    @Test
    void theAllowListTakesSubjectNames(Vertx vertx) throws Exception {
        int port = listen(vertx, TestTls.listener(varde, ca, ClientAuthMode.REQUIRED, List.of("cn=ct-2, o=Varde Test")));
        Dcmtk.Result listed = echoscu(port, stranger, ca);
        assertEquals(0, listed.exitCode(), listed.output());
        Dcmtk.Result unlisted = echoscu(port, modality, ca);
        assertNotEquals(0, unlisted.exitCode(), unlisted.output());
    }

    @Test
    void withOptionalClientAuthAClientWithoutCertificateIsServed(Vertx vertx) throws Exception {
        int port = listen(vertx, TestTls.listener(varde, ca, ClientAuthMode.OPTIONAL, List.of()));
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "+tla", "+cf", ca.certificateFile().toString(),
                "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.exitCode(), r.output());
        Dcmtk.Result untrusted = echoscu(port, fromWrongCa, ca);
        assertNotEquals(0, untrusted.exitCode(), untrusted.output());
    }

    @Test
    void echoscuWithTheNonDowngradingProfileNegotiatesTls12WhenTls13IsOff(Vertx vertx) throws Exception {
        // +pz: dcmtk's Extended BCP 195 profile speaks only TLS 1.2 with ECDHE suites, which ours include
        int port = listen(vertx);
        Dcmtk.Result r = Dcmtk.run(60, "echoscu", "+tls", modality.keyFile().toString(),
                modality.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "+pz",
                "-aec", "VARDE", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.exitCode(), r.output());
        Await.until(() -> servers.get(0).activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
    }
}
