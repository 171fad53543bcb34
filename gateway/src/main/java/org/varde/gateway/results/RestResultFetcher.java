package org.varde.gateway.results;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.rest.RestEndpoint;
import org.varde.connectors.algorithm.rest.RestResultClient;
import org.varde.connectors.algorithm.rest.VendorStatus;
import org.varde.connectors.algorithm.rest.mapping.UnfitResultException;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.gateway.privacy.Reidentification;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.spool.Spool;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The REST return path: for each job waiting for a REST vendor's result, asks the vendor's status URL
 * every poll interval (poll), or waits for the vendor's callback to mark it ready (webhook); then
 * fetches the JSON result (bounded by the endpoint's {@code maxResultBytes}), keeps it as received in
 * the spool's results area (journaled in {@code result_objects}, for audit, whether or not it is
 * used), maps it with the catalogue's JSON Pointer mapping, re-identifies it when the algorithm got
 * pseudonymised data, and hands it to the {@link ResultsStage}. Whatever does not fit (the vendor's
 * failure, garbage or truncated JSON, a document the mapping cannot read, another study) refuses the
 * result with the reason in the job's history.
 *
 * <p>With a webhook the status URL is still asked, once a minute at most
 * ({@link RestEndpoint#statusCheckInterval()}): a callback lost on the way does not cost the result.
 *
 * <p>Driven by its rows ({@code rest_exchanges}): a wake-up (a callback, a new wait) and a one-second
 * tick find the due rows; a row is claimed before it is worked on, so two nodes never fetch the same
 * result at once. A vendor that does not answer a status call is asked again at the next interval until
 * the result deadline of the {@link ResultsStage} fails the attempt.
 */
public final class RestResultFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestResultFetcher.class);
    private static final long TICK_MILLIS = 1000;
    private static final int BATCH = 50;
    /** A claim lasts longer than any call it covers (status or fetch: {@link RestResultClient#CALL_TIMEOUT}). */
    private static final Duration CLAIM = RestResultClient.CALL_TIMEOUT.plusSeconds(30);

    private final Vertx vertx;
    private final Context context;
    private final RestExchanges exchanges;
    private final ResultsStage stage;
    private final Spool spool;
    private final Supplier<AlgorithmCatalogue> catalogue;
    private final Reidentification reidentification;
    private final RestResultClient client;
    private final Clock clock;
    private long tickTimer = -1;
    private boolean running;
    private boolean again;
    private boolean closed;

    public RestResultFetcher(Vertx vertx, RestExchanges exchanges, ResultsStage stage, Spool spool,
                             Supplier<AlgorithmCatalogue> catalogue, Reidentification reidentification, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.exchanges = exchanges;
        this.stage = stage;
        this.spool = spool;
        this.catalogue = catalogue;
        this.reidentification = reidentification;
        this.client = new RestResultClient(vertx);
        this.clock = clock;
    }

    public void start() {
        context.runOnContext(v -> {
            tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
            tick();
        });
    }

    /** Looks for due rows now (a callback arrived, a job started waiting); from any thread. */
    public void wake() {
        context.runOnContext(v -> tick());
    }

    private void tick() {
        if (closed) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        blocking(() -> exchanges.due(clock.instant(), BATCH)).compose(due -> {
            List<Future<Void>> work = new ArrayList<>();
            for (RestExchange exchange : due) {
                work.add(blocking(() -> exchanges.claim(exchange, clock.instant().plus(CLAIM)))
                        .compose(claimed -> claimed ? work(exchange) : Future.<Void>succeededFuture())
                        .recover(e -> {
                            LOG.warn("job {}: REST result not handled: {}", exchange.jobId(), e.toString());
                            return Future.succeededFuture();
                        }));
            }
            return Future.join(work);
        }).onComplete(done -> {
            running = false;
            if (done.failed()) {
                LOG.warn("REST results not checked: {}", done.cause().toString());
            }
            if (again) {
                again = false;
                tick();
            }
        });
    }

    private Future<Void> work(RestExchange exchange) {
        Optional<Algorithm> algorithm = catalogue.get().find(exchange.algorithmId());
        if (algorithm.isEmpty() || !(algorithm.get().endpoint() instanceof RestEndpoint endpoint)) {
            return refuse(exchange, "algorithm " + exchange.algorithmId()
                    + " is no longer a REST algorithm in the catalogue in force");
        }
        if (exchange.ready()) {
            return fetch(exchange, algorithm.get(), endpoint);
        }
        return client.status(endpoint, URI.create(exchange.statusUrl())).transform(asked -> {
            if (asked.failed()) {
                return statusFailed(exchange, endpoint, asked.cause());
            }
            VendorStatus status = asked.result();
            return switch (status.state()) {
                case PENDING -> blocking(() -> {
                    exchanges.checkAgainAt(exchange.jobId(), clock.instant().plus(endpoint.statusCheckInterval()));
                    return null;
                });
                case FAILED -> refuse(exchange, vendorFailed(status.error()));
                case DONE -> blocking(() -> {
                    exchanges.ready(exchange.jobId(), status.resultUrl(), null, clock.instant());
                    return exchanges.forJob(exchange.jobId()).orElseThrow();
                }).compose(ready -> fetch(ready, algorithm.get(), endpoint));
            };
        });
    }

    private Future<Void> statusFailed(RestExchange exchange, RestEndpoint endpoint, Throwable cause) {
        if (cause instanceof DispatchFailure f && !f.retryable()) {
            return refuse(exchange, "the vendor's status URL: " + f.getMessage());
        }
        LOG.info("job {}: status not known ({}), asking again in {} s", exchange.jobId(), cause.getMessage(),
                endpoint.statusCheckInterval().toSeconds());
        return blocking(() -> {
            exchanges.checkAgainAt(exchange.jobId(), clock.instant().plus(endpoint.statusCheckInterval()));
            return null;
        });
    }

    private Future<Void> fetch(RestExchange exchange, Algorithm algorithm, RestEndpoint endpoint) {
        if (exchange.vendorError() != null) {
            return refuse(exchange, vendorFailed(exchange.vendorError()));
        }
        if (exchange.resultUrl() == null) {
            return refuse(exchange, "the vendor said the job is done but named no result URL");
        }
        URI url;
        try {
            url = endpoint.vendorUrl(exchange.resultUrl());
        } catch (IllegalArgumentException e) {
            return refuse(exchange, e.getMessage());
        }
        return client.result(endpoint, url).transform(fetched -> {
            if (fetched.succeeded()) {
                return blocking(() -> {
                    receive(exchange, algorithm, endpoint, fetched.result());
                    return null;
                });
            }
            if (fetched.cause() instanceof DispatchFailure f && !f.retryable()) {
                return refuse(exchange, "result not fetched: " + f.getMessage());
            }
            LOG.info("job {}: result not fetched ({}), trying again in {} s", exchange.jobId(),
                    fetched.cause().getMessage(), endpoint.pollInterval().toSeconds());
            return blocking(() -> {
                exchanges.checkAgainAt(exchange.jobId(), clock.instant().plus(endpoint.pollInterval()));
                return null;
            });
        });
    }

    /** Keeps the document as received, then maps, re-identifies and records it. Blocking. */
    private void receive(RestExchange exchange, Algorithm algorithm, RestEndpoint endpoint, Buffer body)
            throws IOException {
        long objectId = keep(exchange.jobId(), body);
        Object document;
        try {
            document = Json.decodeValue(body);
        } catch (DecodeException e) {
            stage.refuse(exchange.jobId(), algorithm.id(), "the vendor's result is not valid JSON ("
                    + firstLine(e.getMessage()) + ")");
            return;
        }
        AlgorithmResult result;
        try {
            result = endpoint.mapping().map(document, algorithm.id(), algorithm.vendor(), algorithm.product());
            if (algorithm.privacy().pseudonymize()) {
                result = reidentification.reidentify(result);
            }
        } catch (UnfitResultException e) {
            stage.refuse(exchange.jobId(), algorithm.id(), "the vendor's result does not fit the catalogue's"
                    + " mapping: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            stage.refuse(exchange.jobId(), algorithm.id(), "the vendor's result cannot be used: " + e.getMessage());
            return;
        }
        try {
            stage.accept(exchange.jobId(), result, "rest", List.of(objectId));
        } catch (ResultRefusedException e) {
            stage.refuse(exchange.jobId(), algorithm.id(), e.getMessage());
        }
    }

    /** The document, fsync'd in {@code .results/<job>/}, journaled with the job; the name derives from our ids only. */
    private long keep(String jobId, Buffer body) throws IOException {
        Instant now = clock.instant();
        String relative = Spool.RESULTS + "/" + jobId + "/rest-" + now.toEpochMilli() + ".json";
        Path temporary = spool.newTemporaryFile();
        try {
            Files.write(temporary, body.getBytes());
            spool.commit(temporary, relative).keep();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return stage.records().addObject(jobId, null, null, "application/json", relative, body.length(), null, now);
    }

    private Future<Void> refuse(RestExchange exchange, String why) {
        return blocking(() -> {
            stage.refuse(exchange.jobId(), exchange.algorithmId(), why);
            return null;
        });
    }

    private static String vendorFailed(String words) {
        return "the vendor reports that the job failed" + (words == null ? "" : ": "
                + DispatchFailureWords.excerpt(words));
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return context.executeBlocking(work, false);
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (tickTimer >= 0) {
                vertx.cancelTimer(tickTimer);
            }
            client.close();
        });
    }

    /** The vendor's own words, printable and bounded, as a dispatch failure keeps them. */
    private static final class DispatchFailureWords {
        static String excerpt(String words) {
            return DispatchFailure.fromPeer(DispatchFailure.Kind.REFUSED, false, "", words).peerSaidOrNull();
        }
    }
}
