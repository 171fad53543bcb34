package org.varde.connectors.algorithm.dicom;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.net.Await;
import org.varde.dicom.tls.TestPki;
import org.varde.dicom.tls.TestPki.Issued;
import org.varde.dicom.tls.TestTls;
import org.varde.dicom.tls.TlsSettings;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DICOM adapter dispatching over TLS to dcmtk's storescp +tls, a vendor that requires our certificate. */
@ExtendWith(VertxExtension.class)
class DicomAlgorithmAdapterTlsTest {
    @TempDir
    static Path pkiDir;
    @TempDir
    static Path studyDir;
    @TempDir
    static Path out;
    private static Issued ca;
    private static Issued wrongCa;
    private static Issued varde;
    private static List<Path> study;
    private static Process storescp;
    private static int port;

    @BeforeAll
    static void startTlsVendor() throws Exception {
        TestPki pki = TestPki.in(pkiDir);
        ca = pki.ca("Vendor CA");
        wrongCa = pki.ca("Other CA");
        varde = pki.issue(ca, "varde");
        Issued vendor = pki.issue(ca, "vendor");
        study = TestStudy.ctThorax(studyDir, 17);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder tls = new ProcessBuilder("storescp", "+tls", vendor.keyFile().toString(),
                vendor.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "-aet", "VENDOR",
                "-od", out.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(pkiDir.resolve("storescp.log").toFile());
        tls.environment().put("TCP_NODELAY", "1");
        storescp = tls.start();
        TestStudy.awaitCondition(Duration.ofSeconds(30), "storescp +tls to listen", () -> echoes(vendor));
    }

    @AfterAll
    static void stop() throws Exception {
        storescp.destroy();
        storescp.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean echoes(Issued vendor) {
        try {
            ProcessBuilder echo = new ProcessBuilder("echoscu", "-to", "5", "+tls", varde.keyFile().toString(),
                    varde.certificateFile().toString(), "+cf", ca.certificateFile().toString(), "-aec", "VENDOR",
                    "127.0.0.1", String.valueOf(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            echo.environment().put("TCP_NODELAY", "1");
            Process p = echo.start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static DispatchRequest request(TlsSettings tls) {
        return new DispatchRequest("job-tls", "lung-nodules", "1.2.826.0.1.3680043.10.2", study,
                new DicomEndpoint("127.0.0.1", port, "VENDOR", tls), Duration.ofSeconds(30));
    }

    @Test
    void everyInstanceReachesATlsVendor(Vertx vertx) throws Exception {
        DispatchReceipt receipt = Await.result(new DicomAlgorithmAdapter(vertx, "VARDE")
                .dispatch(request(TestTls.client(varde, ca))));
        assertEquals(TestStudy.sopInstanceUids(study), receipt.acknowledgedSopInstanceUids());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(new HashSet<>(TestStudy.sopInstanceUids(study)),
                    new HashSet<>(TestStudy.sopInstanceUids(files.toList())));
        }
    }

    @Test
    void aVendorWhoseCertificateWeCannotVerifyGetsNothingAndTheFailureSaysTls(Vertx vertx) throws Exception {
        long before;
        try (Stream<Path> files = Files.list(out)) {
            before = files.count();
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
                new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(request(TestTls.client(varde, wrongCa)))));
        DispatchFailure failure = (DispatchFailure) e.getCause();
        assertEquals(Kind.REJECTED, failure.kind(), failure.toString());
        assertTrue(failure.getMessage().contains("TLS handshake with the vendor failed"), failure.getMessage());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(before, files.count());
        }
    }

    @Test
    void thePlainAdapterCannotTalkToATlsVendor(Vertx vertx) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
                new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(request(null))));
        assertTrue(e.getCause() instanceof DispatchFailure, e.toString());
    }
}
