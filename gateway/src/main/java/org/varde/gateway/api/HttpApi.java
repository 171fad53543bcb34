package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.varde.dicom.tls.TlsContext;
import org.varde.gateway.Version;
import org.varde.gateway.config.HttpSettings;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The HTTP side: {@code /health} and {@code /metrics} open (probes and Prometheus), {@code /api/**}
 * behind bearer tokens. Journal reads and the spool's free space run on worker threads.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int STUDY_LIST_LIMIT = 1000;
    private static final int RECOMMENDED_TOKEN_LENGTH = 16;

    private final Vertx vertx;
    private final HttpSettings settings;
    private final Journal journal;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final BooleanSupplier dicomListening;
    private final Pipeline pipeline;
    private HttpServer server;
    private TlsContext tls;

    /** Ingest only: studies show what arrived; no completion, routing, jobs or config endpoints. */
    public HttpApi(Vertx vertx, HttpSettings settings, Journal journal, Spool spool, GatewayMetrics metrics,
                   BooleanSupplier dicomListening) {
        this(vertx, settings, journal, spool, metrics, dicomListening, null);
    }

    /** @param pipeline the running pipeline, or null when only ingest runs */
    public HttpApi(Vertx vertx, HttpSettings settings, Journal journal, Spool spool, GatewayMetrics metrics,
                   BooleanSupplier dicomListening, Pipeline pipeline) {
        this.pipeline = pipeline;
        this.vertx = vertx;
        this.settings = settings;
        this.journal = journal;
        this.spool = spool;
        this.metrics = metrics;
        this.dicomListening = dicomListening;
    }

    /** @return the port actually bound */
    public Future<Integer> listen() {
        if (settings.apiTokens().isEmpty()) {
            LOG.warn("http.apiTokens is empty: every /api request is refused with 401 until a token is configured");
        }
        long shortTokens = settings.apiTokens().stream().filter(t -> t.length() < RECOMMENDED_TOKEN_LENGTH).count();
        if (shortTokens > 0) {
            LOG.warn("{} of http.apiTokens are shorter than {} characters and can be guessed; "
                    + "use `openssl rand -hex 24`", shortTokens, RECOMMENDED_TOKEN_LENGTH);
        }
        server = tls == null ? vertx.createHttpServer() : vertx.createHttpServer(tls.applyTo(new HttpServerOptions()));
        return server.requestHandler(router()).listen(settings.port(), settings.bind())
                .map(HttpServer::actualPort);
    }

    /** HTTPS with this material (loaded off the event loop); call before {@link #listen()}. */
    public HttpApi useTls(TlsContext context) {
        this.tls = context;
        return this;
    }

    /** A renewed certificate for the connections made from now on. */
    public Future<Void> updateTls(TlsContext next) {
        if (tls == null || server == null) {
            return Future.failedFuture(new IllegalStateException("the HTTP API is not listening with TLS"));
        }
        return server.updateSSLOptions(next.serverOptions(), true).mapEmpty();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    Router router() {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        router.route("/api/*").handler(new BearerTokenAuth(settings.apiTokens()));
        router.get("/api/studies").handler(this::studies);
        new StudyApi(vertx, journal, pipeline).mount(router);
        if (pipeline != null) {
            new JobsApi(vertx, pipeline.jobStore()).mount(router);
            new RoutingApi(vertx, pipeline, journal).mount(router);
            new ConfigApi(pipeline).mount(router);
            if (pipeline.quarantine() != null) {
                new QuarantineApi(vertx, pipeline.quarantine()).mount(router);
            }
        }
        return router;
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(this::storageFacts, false).onComplete(read -> {
            boolean listening = dicomListening.getAsBoolean();
            JsonObject body = new JsonObject()
                    .put("status", listening ? "UP" : "DOWN")
                    .put("version", Version.CURRENT)
                    .put("dicomListening", listening)
                    .put("spoolFreeBytes", read.succeeded() ? read.result().spoolFreeBytes() : -1L)
                    // a count only: what is quarantined and why is behind a token (/api/quarantine)
                    .put("quarantinedFiles", read.succeeded() ? read.result().quarantinedFiles() : -1L);
            if (pipeline != null) {
                // a refused reload leaves the gateway UP on its old config, but the operator must see it
                body.put("config", pipeline.configStatus());
            }
            ctx.response().setStatusCode(listening ? 200 : 503);
            Responses.json(ctx, body.encode());
        });
    }

    /** What /health tells of the disk; both read the file system, so on a worker. */
    private record StorageFacts(long spoolFreeBytes, long quarantinedFiles) {
    }

    private StorageFacts storageFacts() {
        return new StorageFacts(spool.freeBytes(), metrics.quarantinedFiles());
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(text -> {
            if (text.failed()) {
                Responses.fail(ctx, text.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text.result());
        });
    }

    private void studies(RoutingContext ctx) {
        vertx.executeBlocking(() -> journal.studies(STUDY_LIST_LIMIT), false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            JsonArray list = new JsonArray();
            result.result().forEach(s -> list.add(StudyJson.summary(s)));
            Responses.json(ctx, list.encode());
        });
    }
}
