package org.varde.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.dicom.DicomAlgorithmAdapter;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.CeClass;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.gateway.routing.RegulatoryStatus;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor that answers every association request with random bytes: each dispatch fails as
 * PROTOCOL, the breaker counts those as the vendor's failures and opens at its threshold, and then
 * calls fail fast without reaching the vendor.
 */
@ExtendWith(VertxExtension.class)
class GarbageVendorBreakerTest {
    private static final int THRESHOLD = 3;

    @TempDir
    static Path studyDir;
    private static List<Path> study;

    @BeforeAll
    static void generateStudy() throws Exception {
        study = StudyGenerator.generate(studyDir, new GeneratorOptions(StudyKind.CT_THORAX, 1, 13, 2, 64));
    }

    @Test
    void garbageAnswersAreVendorFailuresThatOpenTheBreaker(Vertx vertx) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        byte[] garbage = new byte[128];
        new Random(99).nextBytes(garbage);
        garbage[0] = (byte) 0xC3; // PS3.8 9.3.1: no PDU has this type
        NetServer vendor = vertx.createNetServer().connectHandler(socket -> {
            connections.incrementAndGet();
            // answers the A-ASSOCIATE-RQ with garbage and keeps the connection open
            socket.handler(request -> socket.write(Buffer.buffer(garbage)));
        });
        int port = await(vendor.listen(0, "127.0.0.1")).actualPort();
        Dispatcher dispatcher = new Dispatcher(vertx, Map.of("dicom", new DicomAlgorithmAdapter(vertx, "VARDE")),
                DispatcherOptions.defaults().withBreaker(THRESHOLD, Duration.ofMinutes(10)), null);
        Algorithm algorithm = new Algorithm("garbage-ai", "Synthetic Vendor", "Synthetic Product", "1.0", CeClass.IIA,
                "0123", "CERT-1", RegulatoryStatus.CE_MARKED, null,
                new DicomEndpoint("127.0.0.1", port, "VENDOR"), 1, Duration.ofSeconds(60), Duration.ofHours(1));
        try {
            for (int i = 0; i < THRESHOLD; i++) {
                assertEquals(BreakerState.CLOSED, dispatcher.breakerState("garbage-ai"), "closed before failure " + i);
                DispatchFailure failure = failureOf(dispatcher.dispatch(algorithm, job(i)));
                assertEquals(Kind.PROTOCOL, failure.kind(), failure.toString());
                assertTrue(failure.getMessage().contains("unrecognized PDU type"), failure.getMessage());
            }
            assertEquals(BreakerState.OPEN, dispatcher.breakerState("garbage-ai"), "the garbage counted against the vendor");
            assertEquals(THRESHOLD, connections.get());
            assertEquals(Kind.CIRCUIT_OPEN, failureOf(dispatcher.dispatch(algorithm, job(99))).kind());
            assertEquals(THRESHOLD, connections.get(), "an open breaker does not call the vendor");
        } finally {
            await(dispatcher.close());
            await(vendor.close());
        }
    }

    private static DispatchJob job(int n) {
        return new DispatchJob("garbage-job-" + n, "1.2.826.0.1.3680043.10.3", study);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return DispatchResults.await(future, Duration.ofSeconds(90));
    }

    private static DispatchFailure failureOf(Future<?> future) {
        return DispatchResults.failureOf(future, Duration.ofSeconds(90));
    }
}
