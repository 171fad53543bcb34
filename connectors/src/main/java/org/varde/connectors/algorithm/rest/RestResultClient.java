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
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The way back from a REST vendor: asks a job's status URL (poll) and fetches its JSON result, each a
 * GET with the endpoint's credential and connect timeout and a whole-call timeout, reading at most the
 * endpoint's {@code maxResultBytes} (a status document at most 64 KiB). Failures are
 * {@link DispatchFailure}s with the HTTP status and the vendor's words.
 */
public final class RestResultClient implements AutoCloseable {
    /** The whole GET, from connect to the last byte. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_STATUS_BYTES = RestAlgorithmAdapter.MAX_ANSWER_BYTES;

    private final Vertx vertx;
    private final HttpClient client;

    public RestResultClient(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(16));
    }

    /** Where the vendor's job stands, from its status URL. */
    public Future<VendorStatus> status(RestEndpoint endpoint, URI statusUrl) {
        return get(endpoint, statusUrl, MAX_STATUS_BYTES, "the status of the job at " + statusUrl.getPath())
                .compose(body -> {
                    try {
                        return Future.succeededFuture(endpoint.status().statusOf(new JsonObject(body)));
                    } catch (DecodeException | ClassCastException e) {
                        return Future.failedFuture(DispatchFailure.fromPeer(Kind.PROTOCOL, true,
                                "the vendor's status document is not a JSON object", body.toString()));
                    }
                });
    }

    /** The result document as received (at most the endpoint's maxResultBytes), not yet parsed. */
    public Future<Buffer> result(RestEndpoint endpoint, URI resultUrl) {
        return get(endpoint, resultUrl, endpoint.maxResultBytes(), "the result at " + resultUrl.getPath());
    }

    private Future<Buffer> get(RestEndpoint endpoint, URI url, long maxBytes, String what) {
        RequestOptions options = endpoint.auth().applyTo(new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString()).setConnectTimeout(endpoint.connectTimeout().toMillis())
                .putHeader("Accept", "application/json"));
        Promise<Buffer> result = Promise.promise();
        AtomicReference<HttpClientRequest> onTheWire = new AtomicReference<>();
        long timer = vertx.setTimer(CALL_TIMEOUT.toMillis(), id -> {
            if (result.tryFail(DispatchFailure.of(Kind.TIMEOUT, what + ": no whole answer within "
                    + CALL_TIMEOUT.toSeconds() + " s"))) {
                HttpClientRequest wire = onTheWire.get();
                if (wire != null) {
                    wire.reset();
                }
            }
        });
        client.request(options).compose(wire -> {
            onTheWire.set(wire);
            return wire.send();
        }).compose(response -> judge(response, maxBytes, what)).onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.cause() instanceof BoundedResponse.TooLargeException tooLarge
                        ? DispatchFailure.permanent(Kind.REFUSED, what + ": " + tooLarge.getMessage())
                        : done.cause() instanceof TimeoutException t
                        ? DispatchFailure.of(Kind.TIMEOUT, what + ": " + t.getMessage())
                        : HttpVerdict.ofCallFailure(what, done.cause()));
            }
        });
        return result.future();
    }

    private static Future<Buffer> judge(HttpClientResponse response, long maxBytes, String what) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return BoundedResponse.excerpt(response, DispatchFailure.MAX_PEER_WORDS)
                    .recover(e -> Future.succeededFuture(Buffer.buffer()))
                    .compose(body -> Future.failedFuture(HttpVerdict.ofStatus(what, status, body.toString())));
        }
        return BoundedResponse.body(response, maxBytes);
    }

    @Override
    public void close() {
        client.close();
    }
}
