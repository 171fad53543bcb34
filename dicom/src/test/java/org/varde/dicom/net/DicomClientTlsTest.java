package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.tls.ClientAuthMode;
import org.varde.dicom.tls.KeyMaterial;
import org.varde.dicom.tls.PeerAllowList;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TestPki.Issued;
import org.varde.dicom.tls.TestTls;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsProfile;
import org.varde.dicom.tls.TlsSettings;
import org.varde.dicom.tls.TrustMaterial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Varde's DICOM client speaking TLS: to dcmtk's storescp as a TLS vendor, and to a listener whose
 * certificate it must refuse (another CA, another host name, not the pinned one).
 */
@ExtendWith(VertxExtension.class)
class DicomClientTlsTest {
    @TempDir
    static Path pkiDir;
    @TempDir
    static Path images;
    @TempDir
    static Path out;
    private static Issued ca;
    private static Issued wrongCa;
    private static Issued varde;
    private static Issued vendor;
    private static Issued elsewhere;
    private static Path image;
    private static Process storescp;
    private static int storescpPort;

    @BeforeAll
    static void startTlsVendor() throws Exception {
        TestPki pki = TestPki.in(pkiDir);
        ca = pki.ca("Hospital CA");
        wrongCa = pki.ca("Other CA");
        varde = pki.issue(ca, "varde");
        vendor = pki.issue(ca, "vendor");
        elsewhere = pki.forOtherHost(ca, "pacs-elsewhere");
        image = TestImages.create(images, 64, 21).explicitLe;
        FreePort.Started started = FreePort.start(1, ports -> Dcmtk.startLogging(out.resolve("storescp.log"),
                "storescp", "+tls", vendor.keyFile().toString(), vendor.certificateFile().toString(),
                "+cf", ca.certificateFile().toString(), "-aet", "VENDOR", "-od", out.toString(),
                String.valueOf(ports[0])), ports -> tlsEchoes(ports[0]), Duration.ofSeconds(30));
        storescp = started.process();
        storescpPort = started.port();
    }

    @AfterAll
    static void stopVendor() {
        if (storescp != null) {
            storescp.destroy();
        }
    }

    private static boolean tlsEchoes(int port) {
        try {
            return Dcmtk.run(30, "echoscu", "-to", "5", "+tls", varde.keyFile().toString(),
                    varde.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "-aec", "VENDOR",
                    "127.0.0.1", String.valueOf(port)).exitCode() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static StoreScu scu(Vertx vertx, TlsSettings tls) {
        return new StoreScu(vertx, DicomClient.create(vertx, DicomClientOptions.defaults().withTls(tls)));
    }

    @Test
    void storeScuOverTlsReachesStorescpUnchanged(Vertx vertx) throws Exception {
        List<StoreOutcome> outcomes = Await.result(scu(vertx, TestTls.client(varde, ca))
                .send("127.0.0.1", storescpPort, "VARDE", "VENDOR", List.of(image)));
        assertTrue(outcomes.get(0).isSuccess(), outcomes.toString());
        assertEquals(Dcmtk.dumpWithoutMeta(image), Dcmtk.dumpWithoutMeta(receivedBy(outcomes.get(0).sopInstanceUid())));
    }

    @Test
    void aVendorCertificateFromAnotherCaIsRefusedBeforeAnyDataIsSent(Vertx vertx) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
                scu(vertx, TestTls.client(varde, wrongCa)).send("127.0.0.1", storescpPort, "VARDE", "VENDOR",
                        List.of(image))));
        assertTrue(chain(e).contains("PKIX") || chain(e).contains("certification path"), chain(e));
    }

    @Test
    void aVendorThatRequiresOurCertificateRefusesUsWithoutOne(Vertx vertx) {
        assertThrows(ExecutionException.class, () -> Await.result(scu(vertx, TestTls.client(null, ca))
                .send("127.0.0.1", storescpPort, "VARDE", "VENDOR", List.of(image))));
    }

    @Test
    void aPeerCertificateForAnotherHostNameIsRefused(Vertx vertx) throws Exception {
        DicomServer server = DicomServer.createTls(vertx, DicomServerOptions.defaults("PACS", "127.0.0.1", 0),
                TlsContext.load(vertx, TestTls.listener(elsewhere, ca, ClientAuthMode.NONE, List.of())),
                new FileStoreHandler(vertx, out), null, null);
        int port = Await.result(server.listen());
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
                    DicomClient.create(vertx, DicomClientOptions.defaults().withTls(TestTls.client(varde, ca)))
                            .open("127.0.0.1", port, "VARDE", "PACS", List.of())));
            assertTrue(chain(e).contains("No subject alternative names matching IP address 127.0.0.1"), chain(e));
        } finally {
            Await.result(server.close());
        }
    }

    @Test
    void aPinnedPeerCertificateIsTheOnlyOneAccepted(Vertx vertx) throws Exception {
        TlsSettings pinnedToOther = new TlsSettings(TlsProfile.BCP195_RFC9325,
                KeyMaterial.pem(varde.certificateFile(), varde.keyFile()), TrustMaterial.pem(ca.certificateFile()),
                ClientAuthMode.NONE, PeerAllowList.parse(List.of("sha256:" + PeerAllowList.fingerprintOf(elsewhere.certificate()))));
        ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
                scu(vertx, pinnedToOther).send("127.0.0.1", storescpPort, "VARDE", "VENDOR", List.of(image))));
        assertTrue(chain(e).contains("not on the allow-list"), chain(e));
        TlsSettings pinnedToVendor = new TlsSettings(TlsProfile.BCP195_RFC9325, pinnedToOther.key(), pinnedToOther.trust(),
                ClientAuthMode.NONE, PeerAllowList.parse(List.of("CN=vendor,O=Varde Test")));
        List<StoreOutcome> outcomes = Await.result(scu(vertx, pinnedToVendor)
                .send("127.0.0.1", storescpPort, "VARDE", "VENDOR", List.of(image)));
        assertTrue(outcomes.get(0).isSuccess(), outcomes.toString());
    }

    private static String chain(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append(" / ");
        }
        return text.toString();
    }

    private static Path receivedBy(String sopInstanceUid) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().contains(sopInstanceUid)).findFirst()
                    .orElseThrow(() -> new AssertionError("storescp did not write " + sopInstanceUid));
        }
    }
}
