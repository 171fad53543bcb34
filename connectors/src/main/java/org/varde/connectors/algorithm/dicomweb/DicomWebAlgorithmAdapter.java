package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a study's selected instances to a vendor's DICOMweb service in one STOW-RS request
 * ({@code POST <url>/studies}, PS3.18 10.5), streamed from the spool files, and succeeds only when the
 * vendor's response lists every instance as stored.
 *
 * <p>Timeouts: the endpoint's connect timeout for the connection; the request's timeout for the whole
 * call, after which the exchange is cancelled (its connection closed) and the dispatch fails with
 * {@code TIMEOUT}. Failures are judged by {@link StowVerdict}: only transient ones are retryable, and
 * retrying is the dispatcher's (backoff, breaker, per-algorithm limit), not the adapter's.
 *
 * <p><b>Idempotency over DICOMweb.</b> STOW-RS has no idempotency field either; as over DICOM a resend
 * carries the same SOP Instance UIDs, which a DICOMweb origin server stores once (PS3.18 10.5: an
 * instance that already exists is stored again or answered with a warning). The job's key also goes
 * in an {@code Idempotency-Key} header (IETF draft-ietf-httpapi-idempotency-key-header), for a vendor
 * that honours it and for matching the vendor's logs to the job.
 */
public final class DicomWebAlgorithmAdapter implements AlgorithmAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebAlgorithmAdapter.class);
    /** A STOW-RS response lists each instance in ~200 bytes: 4 MiB is 20 000 instances, and a bound. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    /** PS3.18 8.7.3.5: the media type of a DICOM JSON response. */
    static final String DICOM_JSON = "application/dicom+json";

    private final Vertx vertx;
    private final HttpClients clients;

    public DicomWebAlgorithmAdapter(Vertx vertx) {
        this.vertx = vertx;
        this.clients = new HttpClients(vertx);
    }

    @Override
    public Future<DispatchReceipt> dispatch(DispatchRequest request) {
        if (!(request.endpoint() instanceof DicomWebEndpoint endpoint)) {
            return Future.failedFuture(DispatchFailure.permanent(Kind.INTERNAL,
                    "the DICOMweb adapter cannot reach " + request.endpoint().describe()));
        }
        Promise<DispatchReceipt> result = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> send(request, endpoint, context, result));
        return result.future();
    }

    private void send(DispatchRequest request, DicomWebEndpoint endpoint, Context context,
                      Promise<DispatchReceipt> result) {
        LOG.info("dispatch key={} algorithm={} study={} instances={} to {} by STOW-RS", request.idempotencyKey(),
                request.algorithmId(), request.studyInstanceUid(), request.instances().size(), endpoint.describe());
        long started = System.nanoTime();
        List<CompletableFuture<?>> exchange = new ArrayList<>(1);
        long timer = vertx.setTimer(request.timeout().toMillis(), id -> {
            if (result.tryFail(DispatchFailure.of(Kind.TIMEOUT, "vendor " + endpoint.describe()
                    + " did not answer the STOW-RS request within " + request.timeout().toMillis() + " ms"))) {
                // JDK 16+: cancelling the exchange closes its connection; a hung vendor holds nothing of ours
                exchange.forEach(f -> f.cancel(true));
            }
        });
        context.executeBlocking(() -> prepare(request, endpoint), false)
                .compose(prepared -> {
                    if (result.future().isComplete()) {
                        return Future.failedFuture("timed out before sending");
                    }
                    CompletableFuture<HttpResponse<BoundedBody>> sent = prepared.client().sendAsync(prepared.http(),
                            BoundedBody.handler(MAX_RESPONSE_BYTES));
                    exchange.add(sent);
                    return Future.fromCompletionStage(sent, context).transform(answer -> verdict(request, endpoint,
                            prepared.sent(), answer.result(), answer.cause(), started));
                })
                .onComplete(judged -> {
                    vertx.cancelTimer(timer);
                    if (judged.succeeded()) {
                        result.tryComplete(judged.result());
                    } else {
                        result.tryFail(judged.cause() instanceof DispatchFailure ? judged.cause()
                                : DispatchFailure.of(Kind.INTERNAL, "STOW-RS not sent: " + judged.cause(), judged.cause()));
                    }
                });
        result.future().onComplete(done -> log(request, started, done.result(), done.cause()));
    }

    private record Prepared(HttpClient client, HttpRequest http, List<SentInstance> sent) {
    }

    /** On a worker: the files' headers (for the verdict), the client (its TLS files), the request. */
    private Prepared prepare(DispatchRequest request, DicomWebEndpoint endpoint) throws DispatchFailure {
        List<SentInstance> sent = readHeaders(request.instances());
        HttpClient client;
        try {
            client = clients.forEndpoint(endpoint);
        } catch (IOException | GeneralSecurityException e) {
            throw DispatchFailure.permanent(Kind.INTERNAL, "TLS towards " + endpoint.describe()
                    + " cannot be set up: " + e.getMessage());
        }
        StowBody body = new StowBody();
        HttpRequest.Builder http;
        try {
            http = HttpRequest.newBuilder(endpoint.resolve("studies"))
                    .timeout(request.timeout())
                    .header("Content-Type", body.contentType())
                    .header("Accept", DICOM_JSON)
                    .header("Idempotency-Key", request.idempotencyKey())
                    .POST(body.publisher(request.instances()));
        } catch (IOException e) {
            throw DispatchFailure.of(Kind.SOURCE_UNREADABLE, "spool file gone: " + e.getMessage(), e);
        }
        if (endpoint.auth().authorizationOrNull() != null) {
            http.header("Authorization", endpoint.auth().authorizationOrNull());
        }
        return new Prepared(client, http.build(), sent);
    }

    private static List<SentInstance> readHeaders(List<Path> files) throws DispatchFailure {
        List<SentInstance> sent = new ArrayList<>(files.size());
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
                Part10File header = Part10.readHeader(in);
                String sopClass = header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID);
                String sopInstance = header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
                if (sopClass == null || sopInstance == null || header.dataSetOffset() == 0) {
                    // PS3.18 10.5.1.2: each application/dicom part is a Part 10 file
                    throw DispatchFailure.of(Kind.SOURCE_UNREADABLE, "spool file " + file.getFileName()
                            + " is not a DICOM Part 10 file");
                }
                sent.add(new SentInstance(file, sopClass, sopInstance));
            } catch (IOException | RuntimeException e) {
                throw DispatchFailure.of(Kind.SOURCE_UNREADABLE, "spool file " + file.getFileName()
                        + " is unreadable: " + e.getMessage(), e);
            }
        }
        return sent;
    }

    private static Future<DispatchReceipt> verdict(DispatchRequest request, DicomWebEndpoint endpoint,
                                                   List<SentInstance> sent, HttpResponse<BoundedBody> response,
                                                   Throwable failure, long started) {
        if (failure != null) {
            return Future.failedFuture(StowVerdict.exchangeFailed(endpoint, failure));
        }
        try {
            return Future.succeededFuture(StowVerdict.judge(request, sent, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body(),
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (DispatchFailure judged) {
            return Future.failedFuture(judged);
        }
    }

    private static void log(DispatchRequest request, long started, DispatchReceipt receipt, Throwable failure) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (receipt != null) {
            LOG.info("dispatch key={} algorithm={} stored {} instances ({} with warning) by STOW-RS in {} ms",
                    request.idempotencyKey(), request.algorithmId(), receipt.acknowledgedSopInstanceUids().size(),
                    receipt.warnings(), millis);
        } else {
            LOG.warn("dispatch key={} algorithm={} failed after {} ms: {}", request.idempotencyKey(),
                    request.algorithmId(), millis, failure.toString());
        }
    }
}
