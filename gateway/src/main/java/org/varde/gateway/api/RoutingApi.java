package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.dicom.data.UID;
import org.varde.gateway.access.Role;
import org.varde.gateway.assembly.InstanceKeywords;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.RoutingDecisionJson;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/algorithms} (the catalogue in force) and {@code POST /api/routes/explain}: the
 * router's decisions with every reason for a study given as attributes or already journaled. A dry
 * run: nothing is recorded, no job is created, nothing is sent.
 */
final class RoutingApi {
    // an explain body is a few attributes; anything near this is not one
    static final long MAX_BODY_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final Pipeline pipeline;
    private final Journal journal;

    RoutingApi(Vertx vertx, Pipeline pipeline, Journal journal) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.journal = journal;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/algorithms", Role.VIEWER, this::algorithms);
        routes.get("/api/routes", Role.VIEWER, this::routes);
        routes.postWithBody("/api/routes/explain", Role.VIEWER, MAX_BODY_BYTES, this::explain);
        routes.postStreaming("/api/routes/explain/files", Role.VIEWER, this::explainFiles);
    }

    private void algorithms(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        pipeline.routing().catalogue().algorithms().forEach(a -> list.add(AlgorithmJson.algorithm(a)));
        Responses.json(ctx, list.encode());
    }

    private void routes(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        pipeline.routing().routes().routes().forEach(r -> list.add(RouteJson.route(r)));
        Responses.json(ctx, list.encode());
    }

    private void explain(RoutingContext ctx) {
        JsonObject body = BoundedBody.json(ctx);
        if (body == null) {
            Responses.error(ctx, 400, "body must be a JSON object: {\"study\": {...}, \"series\": [...]}"
                    + " or {\"studyInstanceUid\": \"...\"}");
            return;
        }
        Future<Optional<StudyFacts>> facts;
        if (body.containsKey("studyInstanceUid")) {
            Object uid = body.getValue("studyInstanceUid");
            if (!(uid instanceof String studyUid) || !UID.isSafe(studyUid)) {
                Responses.error(ctx, 400, "studyInstanceUid must be a valid UID");
                return;
            }
            facts = journaledFacts(studyUid);
        } else {
            try {
                facts = Future.succeededFuture(Optional.of(ExplainRequest.facts(body)));
            } catch (IllegalArgumentException e) {
                Responses.error(ctx, 400, e.getMessage());
                return;
            }
        }
        facts.onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
            } else if (result.result().isEmpty()) {
                Responses.error(ctx, 404, "unknown study");
            } else {
                answer(ctx, result.result().get(), Authenticator.caller(ctx).role().seesIdentity());
            }
        });
    }

    /** The facts a live decision would see: every journaled instance, as the pipeline reads them. */
    private Future<Optional<StudyFacts>> journaledFacts(String studyUid) {
        return vertx.executeBlocking(() -> {
            List<InstanceRecord> instances = journal.instancesOfStudy(studyUid);
            return instances.isEmpty() ? Optional.<StudyFacts>empty()
                    : Optional.of(StudyFactsAssembler.fromInstances(
                            instances.stream().map(InstanceKeywords::of).toList()));
        }, false);
    }

    /**
     * DICOM files as a browser uploads them ({@link ExplainUpload}: headers only, bounded, never stored):
     * {@code {"dryRun": true, "studies": [an explanation per study], "skipped": [{"file", "why"}]}}.
     */
    private void explainFiles(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null && declared.strip().length() < 19 && declared.strip().matches("[0-9]+")
                && Long.parseLong(declared.strip()) > ExplainUpload.MAX_REQUEST_BYTES) {
            refuse(ctx, 413, "the body is larger than " + ExplainUpload.MAX_REQUEST_BYTES + " bytes");
            return;
        }
        boolean identity = Authenticator.caller(ctx).role().seesIdentity();
        ExplainUpload.read(vertx, ctx.request()).onComplete(read -> {
            if (read.failed()) {
                refuse(ctx, read.cause() instanceof IllegalStateException ? 413 : 400, String.valueOf(read.cause().getMessage()));
                return;
            }
            ExplainUpload.Read files = read.result();
            if (files.studies().isEmpty()) {
                Responses.error(ctx, 400, "no DICOM file in the upload" + (files.skipped().isEmpty() ? ""
                        : ": " + files.skipped().get(0).getString("file") + ": " + files.skipped().get(0).getString("why")));
                return;
            }
            vertx.executeBlocking(() -> {
                JsonArray studies = new JsonArray();
                files.studies().forEach(facts -> studies.add(explanation(facts, identity)));
                return new JsonObject().put("dryRun", true).put("studies", studies)
                        .put("skipped", new JsonArray(files.skipped()));
            }, false).onComplete(result -> {
                if (result.failed()) {
                    Responses.fail(ctx, result.cause());
                } else {
                    Responses.json(ctx, 200, result.result());
                }
            });
        });
    }

    /** An answer before the body was read whole: the connection closes after it (HTTP/1), the unread rest with it. */
    private static void refuse(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        // HTTP/2 forbids connection headers (RFC 9113 8.2.2) and ends just the stream
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
            ctx.response().endHandler(v -> ctx.request().connection().close());
        }
        Responses.error(ctx, status, message);
    }

    /**
     * On a worker: the conditions are the config's regexes over values the caller chose, and however
     * bounded each match is, a study of many series with many routes is work the event loop must not do.
     */
    private void answer(RoutingContext ctx, StudyFacts facts, boolean identity) {
        vertx.executeBlocking(() -> explanation(facts, identity), false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
            } else {
                Responses.json(ctx, 200, result.result());
            }
        });
    }

    /** Blocking: the router's decisions for one study, as {@code routes explain --json} has them. */
    private JsonObject explanation(StudyFacts facts, boolean identity) {
        RoutingConfig routing = pipeline.routing();
        List<RoutingDecision> decisions = routing.decide(facts);
        return new JsonObject()
                .put("studyInstanceUid", facts.studyInstanceUid().isEmpty() ? null : facts.studyInstanceUid())
                .put("routingConfigured", !routing.routes().routes().isEmpty())
                .put("dryRun", true)
                .put("decisions", identityShown(new JsonArray(RoutingDecisionJson.toJson(decisions).toString()),
                        identity));
    }

    /** A viewer sees no identity, also not in the values the checks saw (a route may test PatientID). */
    private static JsonArray identityShown(JsonArray decisions, boolean identity) {
        return identity ? decisions : IdentityRedaction.decisions(decisions);
    }
}
