package org.varde.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.dicom.DicomAlgorithmAdapter;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.CeClass;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.rest.RestEndpoint;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;
import org.varde.gateway.routing.RegulatoryStatus;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher's guards, with the real DICOM adapter against vendors on loopback sockets. */
@ExtendWith(VertxExtension.class)
class DispatcherTest {
    @TempDir
    static Path studyDir;
    private static List<Path> study;

    @BeforeAll
    static void generateStudy() throws Exception {
        // 64×64 CT thorax, two thin slices and one thick: three small instances per dispatch
        study = StudyGenerator.generate(studyDir, new GeneratorOptions(StudyKind.CT_THORAX, 1, 11, 2, 64));
    }

    private static Algorithm algorithm(String id, int port, int concurrency, Duration timeout) {
        return new Algorithm(id, "Synthetic Vendor", "Synthetic Product", "1.0", CeClass.IIA, "0123", "CERT-1",
                RegulatoryStatus.CE_MARKED, null, new DicomEndpoint("127.0.0.1", port, "VENDOR"),
                concurrency, timeout, Duration.ofHours(1));
    }

    private static DispatchJob job(int n) {
        return new DispatchJob("job-" + n, "1.2.826.0.1.3680043.10.2", study);
    }

    private static Dispatcher dispatcher(Vertx vertx, DispatcherOptions options, DispatchListener listener) {
        return new Dispatcher(vertx, Map.of("dicom", new DicomAlgorithmAdapter(vertx, "VARDE")), options, listener);
    }

    @Test
    void concurrencyLimitIsNeverExceededAndEveryQueuedCallCompletes(Vertx vertx) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).dispatchSize(study.size()).answerDelay(Duration.ofMillis(40));
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        Recorder recorder = new Recorder();
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults(), recorder);
        Algorithm nodules = algorithm("lung-nodules", port, 2, Duration.ofSeconds(30));
        try {
            List<Future<DispatchReceipt>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(dispatcher.dispatch(nodules, job(i)));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("job-" + i, await(calls.get(i)).idempotencyKey());
            }
            assertEquals(2, vendor.maxActive(), "dispatches the vendor saw at once");
            assertEquals(10 * study.size(), vendor.stored());
            assertEquals(2, recorder.maxInFlight.get());
            assertEquals(8, recorder.maxQueued.get(), "calls that waited for a slot");
            assertEquals(10, recorder.successes.get());
            Poll.until(Duration.ofSeconds(5), () -> dispatcher.inFlight("lung-nodules") == 0);
            assertEquals(0, dispatcher.inFlight("lung-nodules"));
            assertEquals(0, dispatcher.queued("lung-nodules"));
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void aLimitRaisedOnReloadAppliesToCallsAlreadyWaiting(Vertx vertx) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).dispatchSize(study.size()).answerDelay(Duration.ofMillis(100));
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults(), null);
        try {
            List<Future<DispatchReceipt>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(dispatcher.dispatch(algorithm("wrist", port, 1, Duration.ofSeconds(30)), job(i)));
            }
            calls.add(dispatcher.dispatch(algorithm("wrist", port, 3, Duration.ofSeconds(30)), job(3)));
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> vendor.maxActive() == 3), "three on the wire");
            assertTrue(!calls.get(0).isComplete(), "the waiting calls started beside the first, not after it");
            for (Future<DispatchReceipt> call : calls) {
                await(call);
            }
            assertEquals(3, vendor.maxActive());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void breakerOpensFailsFastWithoutTouchingTheVendorAndAProbeClosesIt(Vertx vertx) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).dispatchSize(study.size()).answerDelay(Duration.ofMillis(100));
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        Recorder recorder = new Recorder();
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults().withBreaker(3, Duration.ofSeconds(1)),
                recorder);
        Algorithm embolism = algorithm("pe-triage", port, 4, Duration.ofSeconds(30));
        try {
            vendor.healthy(false);
            for (int i = 0; i < 3; i++) {
                DispatchFailure failure = failureOf(dispatcher.dispatch(embolism, job(i)));
                assertEquals(Kind.REFUSED, failure.kind(), failure.toString());
                assertTrue(failure.retryable(), "out of resources may pass");
                assertTrue(failure.peerSaidOrNull().startsWith("status A700"), failure.peerSaidOrNull());
            }
            assertEquals(BreakerState.OPEN, dispatcher.breakerState("pe-triage"));
            assertEquals(3, vendor.associationRequests());
            for (int i = 0; i < 5; i++) {
                assertEquals(Kind.CIRCUIT_OPEN, failureOf(dispatcher.dispatch(embolism, job(10 + i))).kind());
            }
            assertEquals(3, vendor.associationRequests(), "an open breaker must not reach the vendor");

            // the cool-down passes; the vendor is still down, so the probe fails and the breaker re-opens
            awaitState(dispatcher, "pe-triage", BreakerState.HALF_OPEN);
            assertEquals(Kind.REFUSED, failureOf(dispatcher.dispatch(embolism, job(20))).kind());
            assertEquals(BreakerState.OPEN, dispatcher.breakerState("pe-triage"));
            assertEquals(4, vendor.associationRequests());

            // the vendor is back: one probe goes through, a second call meanwhile still fails fast
            vendor.healthy(true);
            awaitState(dispatcher, "pe-triage", BreakerState.HALF_OPEN);
            Future<DispatchReceipt> probe = dispatcher.dispatch(embolism, job(30));
            Future<DispatchReceipt> during = dispatcher.dispatch(embolism, job(31));
            assertEquals(Kind.CIRCUIT_OPEN, failureOf(during).kind());
            assertEquals("job-30", await(probe).idempotencyKey());
            assertEquals(BreakerState.CLOSED, dispatcher.breakerState("pe-triage"));
            assertEquals(5, vendor.associationRequests());
            await(dispatcher.dispatch(embolism, job(32)));
            assertEquals(List.of("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"),
                    recorder.transitions);
            assertEquals(6, recorder.failures.stream().filter(k -> k == Kind.CIRCUIT_OPEN).count());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void perCallTimeoutAbortsTheCallAndFreesTheSlotForTheNext(Vertx vertx) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        NetServer silent = vertx.createNetServer().connectHandler(socket -> {
            connections.incrementAndGet();
            socket.handler(bytes -> { });   // takes the A-ASSOCIATE-RQ, never answers
            socket.closeHandler(v -> closed.incrementAndGet());
        });
        int port = await(silent.listen(0, "127.0.0.1")).actualPort();
        Recorder recorder = new Recorder();
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults(), recorder);
        Algorithm slow = algorithm("ms-follow-up", port, 1, Duration.ofMillis(400));
        try {
            long started = System.nanoTime();
            Future<DispatchReceipt> first = dispatcher.dispatch(slow, job(1));
            Future<DispatchReceipt> second = dispatcher.dispatch(slow, job(2));
            assertEquals(Kind.TIMEOUT, failureOf(first).kind());
            assertEquals(Kind.TIMEOUT, failureOf(second).kind());
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            // one slot: the second call waited for the first to time out, then had its own 400 ms
            assertTrue(elapsedMillis >= 800 && elapsedMillis < 8_000, "both timed out after " + elapsedMillis + " ms");
            assertEquals(2, connections.get());
            assertEquals(1, recorder.maxInFlight.get());
            assertTrue(Poll.until(Duration.ofSeconds(3), () -> closed.get() == 2), "sockets closed: " + closed.get());
            assertEquals(0, dispatcher.inFlight("ms-follow-up"));
        } finally {
            await(silent.close());
        }
    }

    @Test
    void aFullQueueRefusesAtOnce(Vertx vertx) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).dispatchSize(study.size()).answerDelay(Duration.ofMillis(100));
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults().withQueueLimit(2), null);
        Algorithm fractures = algorithm("fractures", port, 1, Duration.ofSeconds(30));
        try {
            List<Future<DispatchReceipt>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(dispatcher.dispatch(fractures, job(i)));
            }
            DispatchFailure refused = failureOf(calls.get(3));
            assertEquals(Kind.QUEUE_FULL, refused.kind());
            assertTrue(!calls.get(0).isComplete(), "the queue refusal must not wait for the calls ahead of it");
            for (int i = 0; i < 3; i++) {
                await(calls.get(i));
            }
            assertEquals(3 * study.size(), vendor.stored());
            assertEquals(BreakerState.CLOSED, dispatcher.breakerState("fractures"), "a full queue is not the vendor's fault");
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void closeFailsWaitingCallsAndWaitsForTheOneOnTheWire(Vertx vertx) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).dispatchSize(study.size()).answerDelay(Duration.ofMillis(100));
        int port = await(vendor.listen("VENDOR", "127.0.0.1", 0));
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults(), null);
        Algorithm mr = algorithm("ms-lesions", port, 1, Duration.ofSeconds(30));
        try {
            Future<DispatchReceipt> onTheWire = dispatcher.dispatch(mr, job(1));
            Future<DispatchReceipt> waiting = dispatcher.dispatch(mr, job(2));
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> vendor.associationRequests() == 1), "first call connected");
            Future<Void> closed = dispatcher.close();
            assertEquals(Kind.INTERNAL, failureOf(waiting).kind());
            assertTrue(!onTheWire.isComplete(), "the waiting call failed at once, not after the one on the wire");
            await(closed);
            assertTrue(onTheWire.succeeded(), "the call on the wire finished before close completed");
            assertEquals(Kind.INTERNAL, failureOf(dispatcher.dispatch(mr, job(3))).kind());
            assertEquals(1, vendor.associationRequests());
        } finally {
            await(vendor.close());
        }
    }

    @Test
    void anAdapterThatIgnoresItsTimeoutIsCutOffAfterTheGrace(Vertx vertx) throws Exception {
        AlgorithmAdapter hanging = request -> Promise.<DispatchReceipt>promise().future();
        Dispatcher dispatcher = new Dispatcher(vertx, Map.of("dicom", hanging),
                DispatcherOptions.defaults().withTimeoutGrace(Duration.ofMillis(100)), null);
        Algorithm cxr = algorithm("cxr-triage", 104, 1, Duration.ofMillis(200));
        long started = System.nanoTime();
        Future<DispatchReceipt> first = dispatcher.dispatch(cxr, job(1));
        Future<DispatchReceipt> second = dispatcher.dispatch(cxr, job(2));
        assertEquals(Kind.TIMEOUT, failureOf(first).kind());
        assertEquals(Kind.TIMEOUT, failureOf(second).kind());
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 600, "the slot was freed only by the backstop: " + elapsedMillis + " ms");
        assertEquals(0, dispatcher.inFlight("cxr-triage"));
    }

    @Test
    void anEndpointWithoutAnAdapterFailsAsInternal(Vertx vertx) throws Exception {
        Dispatcher dispatcher = dispatcher(vertx, DispatcherOptions.defaults(), null);
        Algorithm rest = new Algorithm("metastases", "V", "P", "1", CeClass.IIA, "0123", "C", RegulatoryStatus.CE_MARKED,
                null, new RestEndpoint(URI.create("https://vendor.example/ai")),
                1, Duration.ofSeconds(5), Duration.ofHours(1));
        DispatchFailure failure = failureOf(dispatcher.dispatch(rest, job(1)));
        assertEquals(Kind.INTERNAL, failure.kind());
        assertFalse(failure.retryable(), "no retry brings an adapter: " + failure);
        assertEquals(BreakerState.CLOSED, dispatcher.breakerState("metastases"));
    }

    /** What the dispatcher reported, as a metrics listener would see it. */
    private static final class Recorder implements DispatchListener {
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger maxQueued = new AtomicInteger();
        final AtomicInteger successes = new AtomicInteger();
        final List<Kind> failures = new CopyOnWriteArrayList<>();
        final List<String> transitions = new CopyOnWriteArrayList<>();

        @Override
        public void succeeded(String algorithmId, Duration latency) {
            successes.incrementAndGet();
        }

        @Override
        public void failed(String algorithmId, Kind kind, Duration latency) {
            failures.add(kind);
        }

        @Override
        public void breakerChanged(String algorithmId, BreakerState from, BreakerState to) {
            transitions.add(from + ">" + to);
        }

        @Override
        public void occupancyChanged(String algorithmId, int inFlight, int queued) {
            maxInFlight.accumulateAndGet(inFlight, Math::max);
            maxQueued.accumulateAndGet(queued, Math::max);
        }
    }

    private static void awaitState(Dispatcher dispatcher, String algorithmId, BreakerState state) {
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> dispatcher.breakerState(algorithmId) == state),
                algorithmId + " breaker never became " + state + ", is " + dispatcher.breakerState(algorithmId));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return DispatchResults.await(future, Duration.ofSeconds(60));
    }

    private static DispatchFailure failureOf(Future<?> future) {
        return DispatchResults.failureOf(future, Duration.ofSeconds(60));
    }
}
