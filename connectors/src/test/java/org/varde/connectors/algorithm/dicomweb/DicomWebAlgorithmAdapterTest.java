package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOMweb adapter against a real Orthanc with its DICOMweb plugin (the vendor's far end) and
 * against a small HTTP server on loopback that answers as told (4xx, 5xx, garbage, partial failure,
 * never).
 */
class DicomWebAlgorithmAdapterTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static List<Path> study;
    private static List<String> sopInstanceUids;

    @BeforeAll
    static void setUp() throws IOException {
        vertx = Vertx.vertx();
        study = StudyGenerator.generate(dir.resolve("study"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 17, 6, 64));
        sopInstanceUids = new ArrayList<>();
        for (Path f : study) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                sopInstanceUids.add(Part10.readHeader(in).fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID));
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static DispatchRequest request(DicomWebEndpoint endpoint, Duration timeout) {
        return new DispatchRequest("job-7", "pe-detect", "1.2.826.0.1.3680043.10.7", study, endpoint, timeout);
    }

    @Test
    void orthancStoresEveryInstanceByteForByteAndOnceWhenTheJobIsResent() throws Exception {
        assertTrue(LocalOrthanc.installed(), "Orthanc and orthanc-dicomweb are needed: run scripts/install-test-deps.sh");
        try (LocalOrthanc orthanc = LocalOrthanc.start(dir.resolve("orthanc"), Duration.ofSeconds(90))) {
            DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create(orthanc.baseUrl() + "/dicom-web/"));
            DicomWebAlgorithmAdapter adapter = new DicomWebAlgorithmAdapter(vertx);

            DispatchReceipt receipt = await(adapter.dispatch(request(endpoint, CALL_TIMEOUT)));
            DispatchReceipt again = await(adapter.dispatch(request(endpoint, CALL_TIMEOUT)));

            assertEquals("job-7", receipt.idempotencyKey());
            assertEquals(sopInstanceUids, receipt.acknowledgedSopInstanceUids());
            assertEquals(sopInstanceUids, again.acknowledgedSopInstanceUids());
            for (int i = 0; i < study.size(); i++) {
                JsonArray found = new JsonArray(orthanc.post("/tools/lookup", "text/plain", sopInstanceUids.get(i)));
                assertEquals(1, found.size(), "one instance in Orthanc for " + sopInstanceUids.get(i) + ": " + found);
                byte[] stored = orthanc.getBytes("/instances/" + found.getJsonObject(0).getString("ID") + "/file");
                assertArrayEquals(Files.readAllBytes(study.get(i)), stored, "instance " + i + " byte for byte");
            }
            JsonArray instances = new JsonArray(orthanc.get("/instances", null));
            assertEquals(study.size(), instances.size(), "the resend stored nothing twice: " + instances);
        }
    }

    @Test
    void theBearerTokenIsSentAndEveryInstanceGoesAsOnePartOfOneRequest() throws Exception {
        AtomicReference<HttpServerRequest> seen = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        int port = serve(r -> r.body().onSuccess(b -> {
            seen.set(r);
            body.set(b.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            r.response().putHeader("Content-Type", "application/dicom+json").end(stored(sopInstanceUids, null).encode());
        }));
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:" + port + "/dw"),
                DicomWebAuth.bearer("s3cret-token"), null, Duration.ofSeconds(5), ResultReturn.PUSH, Duration.ofSeconds(1));

        DispatchReceipt receipt = await(new DicomWebAlgorithmAdapter(vertx).dispatch(request(endpoint, CALL_TIMEOUT)));

        assertEquals(sopInstanceUids, receipt.acknowledgedSopInstanceUids());
        HttpServerRequest r = seen.get();
        assertEquals("/dw/studies", r.path());
        assertEquals("Bearer s3cret-token", r.getHeader("Authorization"));
        assertEquals("job-7", r.getHeader("Idempotency-Key"));
        assertTrue(r.getHeader("Content-Type").startsWith("multipart/related; type=\"application/dicom\"; boundary="),
                r.getHeader("Content-Type"));
        String boundary = r.getHeader("Content-Type").substring(r.getHeader("Content-Type").indexOf("boundary=") + 9);
        assertEquals(study.size() + 1, body.get().split("--" + boundary, -1).length - 1, "one delimiter per part, one close");
        long files = 0;
        for (Path f : study) {
            files += Files.size(f);
        }
        assertEquals(String.valueOf(body.get().length()), r.getHeader("Content-Length"), "a known length, not chunks");
        assertTrue(body.get().length() > files, "every file whole in the body");
    }

    @Test
    void basicAuthIsSentAsRfc7617Says() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        int port = serve(r -> r.body().onSuccess(b -> {
            authorization.set(r.getHeader("Authorization"));
            r.response().putHeader("Content-Type", "application/dicom+json").end(stored(sopInstanceUids, null).encode());
        }));
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:" + port),
                DicomWebAuth.basic("varde", "pw"), null, Duration.ofSeconds(5), ResultReturn.PUSH, Duration.ofSeconds(1));
        await(new DicomWebAlgorithmAdapter(vertx).dispatch(request(endpoint, CALL_TIMEOUT)));
        assertEquals("Basic dmFyZGU6cHc=", authorization.get());
    }

    @Test
    void unauthorizedIsRejectedForGoodWithTheVendorsWords() throws Exception {
        DispatchFailure failure = failureFrom(answer(401, "text/plain", "token expired at 2026-12-01"));
        assertEquals(Kind.REJECTED, failure.kind());
        assertFalse(failure.retryable(), "a 4xx is not retried: " + failure);
        assertTrue(failure.getMessage().contains("HTTP 401: token expired at 2026-12-01"), failure.getMessage());
    }

    @Test
    void aServerErrorIsRetryableWithTheStatusAndBodyExcerpt() throws Exception {
        DispatchFailure failure = failureFrom(answer(500, "application/json", "{\"error\":\"GPU out of memory\"}"));
        assertEquals(Kind.REFUSED, failure.kind());
        assertTrue(failure.retryable(), failure.toString());
        assertTrue(failure.getMessage().contains("HTTP 500: {\"error\":\"GPU out of memory\"}"), failure.getMessage());
    }

    @Test
    void unsupportedMediaTypeIsNotRetried() throws Exception {
        DispatchFailure failure = failureFrom(answer(415, "text/plain", "only application/dicom+xml here"));
        assertFalse(failure.retryable(), failure.toString());
        assertTrue(failure.getMessage().contains("HTTP 415"), failure.getMessage());
    }

    @Test
    void garbageInsteadOfAStowResponseIsAProtocolFailure() throws Exception {
        DispatchFailure failure = failureFrom(answer(200, "application/dicom+json", "<html>hello</html>"));
        assertEquals(Kind.PROTOCOL, failure.kind());
        assertTrue(failure.getMessage().contains("no STOW-RS response"), failure.getMessage());
    }

    @Test
    void anInstanceTheResponseDoesNotListAsStoredFailsTheDispatch() throws Exception {
        String partial = stored(sopInstanceUids.subList(0, sopInstanceUids.size() - 1), null).encode();
        DispatchFailure failure = failureFrom(answer(200, "application/dicom+json", partial));
        assertEquals(Kind.PROTOCOL, failure.kind());
        assertTrue(failure.getMessage().contains(sopInstanceUids.get(sopInstanceUids.size() - 1)), failure.getMessage());
    }

    @Test
    void aFailedSopSequenceIsARefusalRetryableOnlyForTransientReasons() throws Exception {
        var outOfResources = stored(sopInstanceUids.subList(1, sopInstanceUids.size()), null)
                .put(StowResponse.FAILED_SOP_SEQUENCE, failedItem(sopInstanceUids.get(0), 0xA700));
        DispatchFailure transientFailure = failureFrom(answer(202, "application/dicom+json", outOfResources.encode()));
        assertEquals(Kind.REFUSED, transientFailure.kind());
        assertTrue(transientFailure.retryable(), transientFailure.toString());
        assertTrue(transientFailure.getMessage().contains("A700"), transientFailure.getMessage());

        var cannotUnderstand = stored(List.of(), null)
                .put(StowResponse.FAILED_SOP_SEQUENCE, failedItem(sopInstanceUids.get(0), 0xC000));
        DispatchFailure permanent = failureFrom(answer(409, "application/dicom+json", cannotUnderstand.encode()));
        assertEquals(Kind.REFUSED, permanent.kind());
        assertFalse(permanent.retryable(), permanent.toString());
    }

    @Test
    void warningsAreStoredInstancesAndCounted() throws Exception {
        String withWarnings = stored(sopInstanceUids, 0xB000).encode();
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:"
                + answer(202, "application/dicom+json", withWarnings)));
        DispatchReceipt receipt = await(new DicomWebAlgorithmAdapter(vertx).dispatch(request(endpoint, CALL_TIMEOUT)));
        assertEquals(sopInstanceUids.size(), receipt.warnings());
    }

    @Test
    void anXmlResponseIsReadToo() throws Exception {
        List<StowResponse.Item> items = sopInstanceUids.stream()
                .map(u -> new StowResponse.Item("1.2.840.10008.5.1.4.1.1.2", u, null, null)).toList();
        String xml = new StowResponse(items, List.of(), null).toXml();
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:"
                + answer(200, "application/dicom+xml", xml)));
        DispatchReceipt receipt = await(new DicomWebAlgorithmAdapter(vertx).dispatch(request(endpoint, CALL_TIMEOUT)));
        assertEquals(sopInstanceUids, receipt.acknowledgedSopInstanceUids());
    }

    @Test
    void aVendorThatNeverAnswersTimesOutAndItsConnectionIsClosed() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        int port = serve(r -> r.connection().closeHandler(v -> closed.set(true)));
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:" + port));
        long started = System.nanoTime();
        DispatchFailure failure = failure(new DicomWebAlgorithmAdapter(vertx).dispatch(
                request(endpoint, Duration.ofSeconds(2))));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Kind.TIMEOUT, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(millis < 30_000, "ended by the timeout, took " + millis + " ms");
        awaitTrue(closed, "the vendor's side of the connection closed");
    }

    @Test
    void nothingListeningIsUnreachableAndRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DispatchFailure failure = failure(new DicomWebAlgorithmAdapter(vertx).dispatch(request(
                new DicomWebEndpoint(URI.create("http://127.0.0.1:" + port + "/dicom-web")), CALL_TIMEOUT)));
        assertEquals(Kind.UNREACHABLE, failure.kind());
        assertTrue(failure.retryable());
    }

    @Test
    void aSpoolFileThatIsNotDicomIsOurFaultNotTheVendors() throws Exception {
        Path junk = dir.resolve("junk.dcm");
        Files.writeString(junk, "not dicom");
        DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create("http://127.0.0.1:9"));
        DispatchFailure failure = failure(new DicomWebAlgorithmAdapter(vertx).dispatch(new DispatchRequest("job-8",
                "pe-detect", "1.2.3", List.of(junk), endpoint, CALL_TIMEOUT)));
        assertEquals(Kind.SOURCE_UNREADABLE, failure.kind());
    }

    // ------------------------------------------------------------------ fixtures

    private static io.vertx.core.json.JsonObject stored(List<String> uids, Integer warning) {
        List<StowResponse.Item> items = uids.stream()
                .map(u -> new StowResponse.Item("1.2.840.10008.5.1.4.1.1.2", u, warning, null)).toList();
        return new StowResponse(items, List.of(), null).toJson();
    }

    private static io.vertx.core.json.JsonObject failedItem(String uid, int reason) {
        return new StowResponse(List.of(), List.of(new StowResponse.Item("1.2.840.10008.5.1.4.1.1.2", uid, reason, null)),
                null).toJson().getJsonObject(StowResponse.FAILED_SOP_SEQUENCE);
    }

    /** A server answering every request with this status, type and body, after reading the request. */
    private static int answer(int status, String type, String body) throws Exception {
        return serve(r -> r.body().onSuccess(b -> r.response().setStatusCode(status).putHeader("Content-Type", type)
                .end(body)));
    }

    private static int serve(Consumer<HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(handler::accept);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
    }

    private static DispatchFailure failureFrom(int port) throws Exception {
        return failure(new DicomWebAlgorithmAdapter(vertx).dispatch(request(
                new DicomWebEndpoint(URI.create("http://127.0.0.1:" + port + "/dicom-web")), CALL_TIMEOUT)));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private static DispatchFailure failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            assertNotNull(e.getCause());
            assertTrue(e.getCause() instanceof DispatchFailure, e.getCause().toString());
            return (DispatchFailure) e.getCause();
        }
        throw new AssertionError("the dispatch succeeded");
    }

    private static void awaitTrue(AtomicBoolean flag, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!flag.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }
}
