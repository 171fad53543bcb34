package org.varde.connectors.algorithm.dicom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.connectors.algorithm.rest.RestEndpoint;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.CallerRule;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DICOM adapter against real peers over loopback: dcmtk storescp, Varde's own SCP, raw sockets. */
@ExtendWith(VertxExtension.class)
class DicomAlgorithmAdapterTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    @TempDir
    static Path studyDir;
    private static List<Path> study;
    private static List<String> sopInstanceUids;

    @BeforeAll
    static void generateStudy() throws IOException {
        study = TestStudy.ctThorax(studyDir, 7);
        sopInstanceUids = TestStudy.sopInstanceUids(study);
    }

    private static DispatchRequest request(int port, String calledAe, List<Path> files, Duration timeout) {
        return new DispatchRequest("job-42", "lung-nodules", "1.2.826.0.1.3680043.10.1", files,
                new DicomEndpoint("127.0.0.1", port, calledAe), timeout);
    }

    @Test
    void storescpReceivesEveryInstanceOnceEvenWhenTheJobIsResent(Vertx vertx, @TempDir Path out) throws Exception {
        int port = freePort();
        ProcessBuilder storescp = new ProcessBuilder("storescp", "-aet", "VENDOR", "-od", out.toString(),
                String.valueOf(port)).redirectErrorStream(true).redirectOutput(out.resolveSibling("storescp.log").toFile());
        storescp.environment().put("TCP_NODELAY", "1");
        Process vendor = storescp.start();
        try {
            awaitEcho(port);
            DispatchReceipt receipt = await(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", study, CALL_TIMEOUT)));
            assertEquals("job-42", receipt.idempotencyKey());
            assertEquals(sopInstanceUids, receipt.acknowledgedSopInstanceUids());
            List<Path> received;
            try (Stream<Path> files = Files.list(out)) {
                received = files.toList();
            }
            assertEquals(study.size(), received.size(), "files storescp wrote");
            assertEquals(new HashSet<>(sopInstanceUids), new HashSet<>(TestStudy.sopInstanceUids(received)));

            // a retry of the same job (same key, same spool files) leaves the vendor holding each instance once
            DispatchReceipt again = await(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", study, CALL_TIMEOUT)));
            assertEquals(sopInstanceUids, again.acknowledgedSopInstanceUids());
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(study.size(), files.count(), "files storescp holds after the re-send");
            }
        } finally {
            vendor.destroy();
            vendor.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void oneRefusedInstanceFailsTheDispatchWithItsStatus(Vertx vertx) throws Exception {
        String refused = sopInstanceUids.get(3);
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).refuse(refused, Status.OUT_OF_RESOURCES);
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        try {
            DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", study, CALL_TIMEOUT)));
            assertEquals(Kind.REFUSED, failure.kind(), failure.toString());
            assertEquals("status A700 (Refused: Out of Resources)", failure.peerSaidOrNull());
            assertTrue(failure.retryable(), "out of resources may pass: " + failure);
            assertTrue(failure.getMessage().contains(refused), failure.getMessage());
            assertTrue(failure.getMessage().contains("vendor said: status A700"), failure.getMessage());
            // StoreScu carries on after a refusal: the others were acknowledged, the job still failed
            assertEquals(study.size() - 1, vendor.stored());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void silentVendorTimesOutWithinTheTimeoutAndTheSocketIsClosed(Vertx vertx) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicBoolean closedByUs = new AtomicBoolean();
        NetServer silent = vertx.createNetServer().connectHandler(socket -> {
            connections.incrementAndGet();
            socket.handler(bytes -> { });   // reads the A-ASSOCIATE-RQ, never answers
            socket.closeHandler(v -> closedByUs.set(true));
        });
        int port = await(silent.listen(0, "127.0.0.1")).actualPort();
        try {
            long started = System.nanoTime();
            DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", study, Duration.ofMillis(500))));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Kind.TIMEOUT, failure.kind(), failure.toString());
            assertTrue(elapsedMillis >= 500 && elapsedMillis < 5_000, "failed after " + elapsedMillis + " ms");
            assertEquals(1, connections.get());
            // the ARTIM timer would keep it open 30 s; the adapter closes it at once
            TestStudy.awaitCondition(Duration.ofSeconds(3), "the adapter to close the socket", closedByUs::get);
        } finally {
            await(silent.close());
        }
    }

    @Test
    void nothingListeningIsUnreachable(Vertx vertx) throws Exception {
        int port = freePort();
        DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                request(port, "VENDOR", study, CALL_TIMEOUT)));
        assertEquals(Kind.UNREACHABLE, failure.kind(), failure.toString());
    }

    @Test
    void rejectedAssociationIsRejected(Vertx vertx) throws Exception {
        DicomServerOptions onlyOthers = new DicomServerOptions("VENDOR", "127.0.0.1", 0, 8,
                List.of(CallerRule.parse("SOMEONE_ELSE")), Set.of(), Set.of(),
                DicomServerOptions.DEFAULT_MAX_PDU_LENGTH, 5_000, 30_000);
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx);
        int port = await(vendor.listen(onlyOthers));
        try {
            DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", study, CALL_TIMEOUT)));
            assertEquals(Kind.REJECTED, failure.kind(), failure.toString());
            // PS3.8 9.3.4: a calling AE title not recognised is a permanent rejection; no retry cures it
            assertFalse(failure.retryable(), failure.toString());
            assertTrue(failure.peerSaidOrNull().contains("association rejected: result 1"), failure.toString());
            assertEquals(0, vendor.stored());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void unreadableSpoolFileFailsAsOurFaultNotTheVendors(Vertx vertx, @TempDir Path dir) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx);
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        List<Path> files = new ArrayList<>(study.subList(0, 2));
        files.add(Files.writeString(dir.resolve("truncated.dcm"), "not DICOM"));
        try {
            DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(
                    request(port, "VENDOR", files, CALL_TIMEOUT)));
            assertEquals(Kind.SOURCE_UNREADABLE, failure.kind(), failure.toString());
            assertFalse(failure.kind().isVendorFault());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void anEndpointOfAnotherProtocolIsRefusedWithoutNetwork(Vertx vertx) throws Exception {
        DispatchRequest web = new DispatchRequest("job-1", "a", "1.2.3", study,
                new RestEndpoint(URI.create("https://vendor.example/ai")), CALL_TIMEOUT);
        DispatchFailure failure = failureOf(new DicomAlgorithmAdapter(vertx, "VARDE").dispatch(web));
        assertEquals(Kind.INTERNAL, failure.kind(), failure.toString());
        assertFalse(failure.kind().isVendorFault());
    }

    private static void awaitEcho(int port) {
        TestStudy.awaitCondition(Duration.ofSeconds(30), "storescp to listen", () -> {
            try {
                ProcessBuilder echo = new ProcessBuilder("echoscu", "-aec", "VENDOR", "127.0.0.1", String.valueOf(port))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                echo.environment().put("TCP_NODELAY", "1");
                Process p = echo.start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    /** A loopback port with nothing on it (storescp cannot bind port 0 and report it). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static DispatchFailure failureOf(Future<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        assertNotNull(e.getCause());
        assertTrue(e.getCause() instanceof DispatchFailure, "not a DispatchFailure: " + e.getCause());
        return (DispatchFailure) e.getCause();
    }
}
