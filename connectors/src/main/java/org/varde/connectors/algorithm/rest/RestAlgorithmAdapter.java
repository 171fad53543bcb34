package org.varde.connectors.algorithm.rest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts a job to a vendor's REST API: one {@code multipart/form-data} request holding the job (study
 * reference, callback) and every selected instance, streamed from the spool: a part each
 * ({@link MultipartUpload}) or one ZIP archive made while it is sent ({@link ZipUpload}, {@code upload: zip}).
 * The vendor's 2xx answer is the receipt; what it says about where to ask for the job's status or
 * result ({@link StatusMapping}) goes back as the receipt's vendor handle for the results stage.
 *
 * <p><b>Idempotency.</b> Every attempt of a job carries the job's key in the {@code Idempotency-Key}
 * header (IETF draft-ietf-httpapi-idempotency-key-header): the key is derived from (study, algorithm,
 * generation), so a resend after a lost answer, a timeout or a crash is the same job to a vendor that
 * honours the header, which answers it with the job it already has instead of processing twice.
 *
 * <p>Timeouts: the endpoint's connect timeout, and the request's timeout for the whole call (on
 * expiry the request is reset and the dispatch fails with TIMEOUT). Failures carry the HTTP status
 * and an excerpt of the vendor's body; only transient ones are retryable ({@link HttpVerdict}).
 */
public final class RestAlgorithmAdapter implements AlgorithmAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RestAlgorithmAdapter.class);
    /** The answer to a job's POST is a small JSON document. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_ERROR_EXCERPT = DispatchFailure.MAX_PEER_WORDS;

    private final Vertx vertx;
    private final HttpClient client;

    public RestAlgorithmAdapter(Vertx vertx) {
        this.vertx = vertx;
        // one pool per adapter; the dispatcher's per-algorithm limit keeps each vendor's share small
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
    }

    @Override
    public Future<DispatchReceipt> dispatch(DispatchRequest request) {
        if (!(request.endpoint() instanceof RestEndpoint endpoint)) {
            return Future.failedFuture(DispatchFailure.permanent(Kind.INTERNAL,
                    "the REST adapter cannot reach " + request.endpoint().describe()));
        }
        long started = System.nanoTime();
        return vertx.executeBlocking(() -> sopInstanceUids(request.instances()), false)
                .recover(e -> Future.failedFuture(DispatchFailure.permanent(Kind.SOURCE_UNREADABLE,
                        "cannot read the instances to send: " + e.getMessage())))
                .compose(uids -> post(request, endpoint, uids, started))
                .onComplete(done -> log(request, endpoint, started, done.cause()));
    }

    private Future<DispatchReceipt> post(DispatchRequest request, RestEndpoint endpoint, List<String> uids,
                                         long started) {
        JsonObject job = jobDocument(request, endpoint);
        JobUpload upload = endpoint.zipUpload() ? new ZipUpload(job, request.instances(), request.timeout())
                : new MultipartUpload(job, request.instances());
        RequestOptions options = endpoint.auth().applyTo(new RequestOptions()
                .setMethod(HttpMethod.POST).setAbsoluteURI(endpoint.url().toString())
                .setConnectTimeout(endpoint.connectTimeout().toMillis())
                .putHeader("Idempotency-Key", request.idempotencyKey())
                .putHeader("Content-Type", upload.contentType())
                .putHeader("Accept", "application/json"));
        Promise<DispatchReceipt> result = Promise.promise();
        AtomicReference<HttpClientRequest> onTheWire = new AtomicReference<>();
        long timer = vertx.setTimer(request.timeout().toMillis(), id -> {
            if (result.tryFail(DispatchFailure.of(Kind.TIMEOUT, "vendor " + endpoint.describe()
                    + " did not answer the job within " + request.timeout().toMillis() + " ms"))) {
                HttpClientRequest wire = onTheWire.get();
                if (wire != null) {
                    wire.reset();
                }
            }
        });
        client.request(options).compose(wire -> {
            onTheWire.set(wire);
            Future<HttpClientResponse> response = wire.response();
            upload.writeTo(vertx, wire).onFailure(e -> {
                if (e instanceof MultipartUpload.UnreadableSourceException) {
                    result.tryFail(DispatchFailure.permanent(Kind.SOURCE_UNREADABLE, e.getMessage()));
                    wire.reset();
                }
                // otherwise the vendor stopped reading (it may have answered early): the response says why
            });
            return response;
        }).compose(response -> judge(endpoint, request, response, uids, started))
                .onComplete(judged -> {
                    vertx.cancelTimer(timer);
                    if (judged.succeeded()) {
                        result.tryComplete(judged.result());
                    } else {
                        result.tryFail(HttpVerdict.ofCallFailure("the job's POST to " + endpoint.describe(),
                                judged.cause()));
                    }
                });
        return result.future();
    }

    private static JsonObject jobDocument(DispatchRequest request, RestEndpoint endpoint) {
        JsonObject job = new JsonObject()
                .put("idempotencyKey", request.idempotencyKey())
                .put("algorithm", request.algorithmId())
                .put("study", new JsonObject().put("studyInstanceUid", request.studyInstanceUid()))
                .put("instances", request.instances().size());
        if (request.callback() != null && endpoint.wantsResultCallback()) {
            job.put("callback", new JsonObject()
                    .put("url", endpoint.callbackUrl(request.callback().jobId()).toString())
                    .put("secret", request.callback().secret()));
        }
        return job;
    }

    private Future<DispatchReceipt> judge(RestEndpoint endpoint, DispatchRequest request, HttpClientResponse response,
                                          List<String> uids, long started) {
        int status = response.statusCode();
        String what = "vendor " + endpoint.describe();
        if (status < 200 || status > 299) {
            return BoundedResponse.excerpt(response, MAX_ERROR_EXCERPT)
                    .recover(e -> Future.succeededFuture(Buffer.buffer()))
                    .compose(body -> Future.failedFuture(HttpVerdict.ofStatus(what, status, body.toString())));
        }
        return BoundedResponse.body(response, MAX_ANSWER_BYTES).compose(body -> {
            try {
                Map<String, String> handle = handle(endpoint, body);
                return Future.succeededFuture(new DispatchReceipt(request.idempotencyKey(), uids, 0,
                        Duration.ofNanos(System.nanoTime() - started), handle));
            } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
                return Future.failedFuture(DispatchFailure.fromPeer(Kind.PROTOCOL, false, what
                        + " took the job (HTTP " + status + ") but its answer is unusable: " + e.getMessage(),
                        body.toString()));
            }
        });
    }

    /** The status and result URLs of the answer (on the vendor's origin only), and whether it is done already. */
    private static Map<String, String> handle(RestEndpoint endpoint, Buffer body) {
        JsonObject answer = body.length() == 0 ? new JsonObject() : new JsonObject(body);
        Map<String, String> handle = new LinkedHashMap<>();
        String statusUrl = endpoint.status().statusUrlIn(answer);
        String resultUrl = endpoint.status().resultUrlIn(answer);
        if (statusUrl != null) {
            handle.put(VendorHandle.STATUS_URL, endpoint.vendorUrl(statusUrl).toString());
        }
        if (resultUrl != null) {
            handle.put(VendorHandle.RESULT_URL, endpoint.vendorUrl(resultUrl).toString());
        }
        handle.put(VendorHandle.CHECK_AFTER_SECONDS, Long.toString(endpoint.statusCheckInterval().toSeconds()));
        if (endpoint.delivery() == ResultDelivery.POLL && statusUrl == null) {
            throw new IllegalArgumentException("no status URL at " + endpoint.status().statusUrlPointer()
                    + " to poll (result: poll)");
        }
        // a resend the vendor recognised by its Idempotency-Key may be answered with a job already done
        if (endpoint.status().statusOf(answer).state() == VendorStatus.State.DONE && resultUrl != null) {
            handle.put(VendorHandle.READY, "true");
        }
        return handle;
    }

    /** The SOP Instance UIDs of the files (their Part 10 meta information), in order. Blocking. */
    private static List<String> sopInstanceUids(List<Path> files) throws IOException {
        List<String> uids = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
                Part10File header = Part10.readHeader(in);
                String uid = header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
                if (uid == null) {
                    throw new IOException(file.getFileName() + " is not a DICOM Part 10 file");
                }
                uids.add(uid);
            }
        }
        return uids;
    }

    private static void log(DispatchRequest request, RestEndpoint endpoint, long started, Throwable failure) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (failure == null) {
            LOG.info("dispatch key={} algorithm={} posted {} instances to {} in {} ms", request.idempotencyKey(),
                    request.algorithmId(), request.instances().size(), endpoint.describe(), millis);
        } else {
            LOG.warn("dispatch key={} algorithm={} to {} failed after {} ms: {}", request.idempotencyKey(),
                    request.algorithmId(), endpoint.describe(), millis, failure.toString());
        }
    }
}
