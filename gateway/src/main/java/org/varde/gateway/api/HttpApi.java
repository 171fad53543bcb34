package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.varde.dicom.tls.TlsContext;
import org.varde.gateway.Version;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.JwtVerifier;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenStore;
import org.varde.gateway.config.HttpSettings;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side. Open: {@code /health} (up or down, in words that name no path, URL or secret) and
 * {@code /metrics} (labels from config only). Everything else needs a caller with a role: every
 * route declares it ({@link ApiRoutes}), and the router is refused if one does not. Journal reads,
 * token lookups and the spool's free space run on worker threads.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int STUDY_LIST_LIMIT = 1000;

    private final Vertx vertx;
    private final HttpSettings settings;
    private final Journal journal;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final BooleanSupplier dicomListening;
    private final Pipeline pipeline;
    private final TokenStore tokens;
    private final JwtVerifier jwts;
    private final AtomicInteger connections = new AtomicInteger();
    private HttpServer server;
    private ApiAudit audit = ApiAudit.NONE;
    private TlsContext tls;

    /**
     * @param pipeline the running pipeline, or null when only ingest runs (studies show what arrived)
     * @param tokens   the named tokens, or null when none are kept (OIDC or the demo token only)
     * @param jwts     the OpenID Connect verifier, or null when OIDC is not configured
     */
    public HttpApi(Vertx vertx, HttpSettings settings, Journal journal, Spool spool, GatewayMetrics metrics,
                   BooleanSupplier dicomListening, Pipeline pipeline, TokenStore tokens, JwtVerifier jwts) {
        this.pipeline = pipeline;
        this.vertx = vertx;
        this.settings = settings;
        this.journal = journal;
        this.spool = spool;
        this.metrics = metrics;
        this.dicomListening = dicomListening;
        this.tokens = tokens;
        this.jwts = jwts;
    }

    /** @return the port actually bound */
    public Future<Integer> listen() {
        if (settings.oidc() != null && jwts == null) {
            return Future.failedFuture(new IllegalStateException("http.oidc is configured but no verifier was given"));
        }
        Router router = router();
        ApiRoutes.checkEveryRouteDeclared(router);
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) settings.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        server = vertx.createHttpServer(tls == null ? options : tls.applyTo(options))
                .connectionHandler(this::countConnection);
        return warnWhenNobodyCanCall()
                .compose(v -> server.requestHandler(router).listen(settings.port(), settings.bind()))
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

    /** Connections over the limit are closed as they come, before a byte of theirs is read. */
    private void countConnection(HttpConnection connection) {
        int open = connections.incrementAndGet();
        connection.closeHandler(v -> connections.decrementAndGet());
        if (open > settings.maxConnections()) {
            LOG.warn("HTTP connection from {} closed: {} connections are open, http.maxConnections is {}",
                    connection.remoteAddress(), open - 1, settings.maxConnections());
            connection.close();
        }
    }

    private Future<Void> warnWhenNobodyCanCall() {
        if (jwts != null || settings.demoToken() || tokens == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> tokens.list().isEmpty(), false).map(none -> {
            if (none) {
                LOG.warn("no API token exists and OIDC is not configured: every /api request is refused with 401. "
                        + "Create one with ./varde token create --config FILE --name NAME --role admin");
            }
            return (Void) null;
        });
    }

    Router router() {
        Router router = Router.router(vertx);
        audit = pipeline == null || pipeline.auditLog() == null ? ApiAudit.NONE
                : new ApiAudit(vertx, pipeline.auditLog());
        ApiRoutes routes = new ApiRoutes(router, new Authenticator(vertx, tokens, jwts, settings.demoToken()));
        routes.open(HttpMethod.GET, "/health", this::health);
        routes.open(HttpMethod.GET, "/metrics", this::metrics);
        new OpenApiDocument().mount(routes);
        routes.get("/api/health", Role.VIEWER, this::healthDetail);
        routes.get("/api/studies", Role.VIEWER, this::studies);
        new CallerApi().mount(routes);
        new StudyApi(vertx, journal, pipeline).audited(audit).mount(routes);
        if (pipeline != null) {
            new JobsApi(vertx, pipeline.jobStore(), pipeline.results()).mount(routes);
            new ResultsApi(vertx, pipeline.results()).mount(routes);
            if (pipeline.restCallbacks() != null) {
                new CallbacksApi(vertx, pipeline.restCallbacks()).mount(routes);
            }
            if (pipeline.delivery() != null) {
                new DeliveriesApi(vertx, pipeline.delivery()).mount(routes);
            }
            new RoutingApi(vertx, pipeline, journal).mount(routes);
            new RouteModeApi(vertx, pipeline, audit).mount(routes);
            new ConfigApi(pipeline).audited(audit).mount(routes);
            new OverviewApi(vertx, pipeline, spool, metrics, java.time.Clock.systemUTC()).mount(routes);
            new StowRsApi(vertx, pipeline::resultReceiver).mount(routes);
            if (pipeline.worklist() != null) {
                // IHE AIW-I: the worklist pull-model vendors perform, and the input they retrieve
                new UpsRsApi(vertx, pipeline.worklist(), pipeline::outputsOf).mount(routes);
                new UpsSubscriptionApi(vertx, pipeline.worklist().subscriptions()).mount(routes);
                UpsEventChannels channels = new UpsEventChannels();
                channels.mount(routes);
                pipeline.worklist().subscriptions().sendTo(channels);
                new WadoRsApi(vertx, pipeline.worklist(), journal, spool).mount(routes);
            }
            if (pipeline.auditLog() != null && pipeline.usage() != null
                    && journal instanceof org.varde.gateway.store.JdbcJournal store) {
                // feedback and value figures read the same store the audit log and usage ledger are in
                var feedback = new org.varde.gateway.value.FeedbackStore(store.dataSource(), pipeline.auditLog(),
                        java.time.Clock.systemUTC());
                var feedbackMetrics = new FeedbackMetrics(metrics.registry(), pipeline.routing().catalogue().algorithms()
                        .stream().map(org.varde.gateway.routing.Algorithm::id).toList());
                new ValueApi(vertx, feedback, new org.varde.gateway.value.ValueFigures(store.dataSource()),
                        new org.varde.gateway.value.GroundTruthStore(store.dataSource(), pipeline.auditLog(),
                                java.time.Clock.systemUTC()))
                        .counted(feedbackMetrics).mount(routes);
                // the same feedback, as the RIS sends it back in FHIR R4
                new FhirFeedbackApi(vertx, new org.varde.connectors.sink.fhir.RisFeedbackReader(
                        org.varde.connectors.sink.fhir.FhirResourceValidator.shared()), feedback)
                        .counted(feedbackMetrics).mount(routes);
            }
            new SitesApi(pipeline::sites).mount(routes);
            if (pipeline.usage() != null) {
                new UsageApi(vertx, pipeline.usage(), pipeline::routing).mount(routes);
            }
            if (pipeline.cleaner() != null) {
                new PrivacyApi(vertx, pipeline.cleaner(), pipeline::routing).mount(routes);
            }
            if (pipeline.auditLog() != null) {
                new AuditApi(vertx, pipeline.auditLog(), audit).mount(routes);
            }
            if (pipeline.quarantine() != null) {
                new QuarantineApi(vertx, pipeline.quarantine()).mount(routes);
            }
            if (pipeline.reviews() != null) {
                new ReviewsApi(vertx, pipeline.reviews(), pipeline.results(), journal, spool).mount(routes);
            }
        }
        if (tokens != null) {
            new TokensApi(vertx, tokens).audited(audit).mount(routes);
        }
        if (jwts != null && settings.oidc() != null && settings.oidc().login() != null) {
            new OidcLoginApi(vertx, settings.oidc(), jwts).mount(routes);
        }
        new WebUi().mount(routes);
        routes.fallback();
        return router;
    }

    /**
     * For probes, open: UP or DOWN and, when down, why in fixed words. Nothing else: no version, no
     * path, no URL, no free space (the detail is {@code /api/health}, for a caller with a token).
     */
    private void health(RoutingContext ctx) {
        boolean listening = dicomListening.getAsBoolean();
        JsonObject body = new JsonObject().put("status", listening ? "UP" : "DOWN");
        if (!listening) {
            body.put("reason", "the DICOM listener is not accepting associations");
        }
        ctx.response().setStatusCode(listening ? 200 : 503);
        Responses.json(ctx, body.encode());
    }

    private void healthDetail(RoutingContext ctx) {
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
        Caller caller = Authenticator.caller(ctx);
        StudySearch search;
        try {
            search = StudySearch.parse(ctx.request()::getParam);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        if (!search.allowedFor(caller.role())) {
            Responses.error(ctx, 403, "searching by accession number or patient ID needs the operator role");
            return;
        }
        vertx.executeBlocking(() -> journal.studies(STUDY_LIST_LIMIT).stream().filter(search.matcher()).toList(), false)
                .onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            if (caller.role().seesIdentity() && !result.result().isEmpty()) {
                audit.identityRead(ctx, null, "study list: identity of " + result.result().size() + " studies");
            }
            JsonArray list = new JsonArray();
            result.result().forEach(s -> {
                JsonObject summary = StudyJson.summary(s);
                list.add(caller.role().seesIdentity() ? summary : IdentityRedaction.study(summary));
            });
            Responses.json(ctx, list.encode());
        });
    }
}
