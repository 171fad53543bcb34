package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.sink.fhir.OperationOutcomes;
import org.varde.connectors.sink.fhir.RisFeedback;
import org.varde.connectors.sink.fhir.RisFeedbackReader;
import org.varde.connectors.sink.fhir.RisFeedbackRefused;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.value.Agreement;
import org.varde.gateway.value.FeedbackStore;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Radiologists' feedback from the RIS as FHIR R4 (docs/ris.md, "Feedback from the RIS"): create and
 * update of {@code Observation} and {@code Task} under {@code /fhir/}, for a token of the ris role, and
 * the CapabilityStatement that says so ({@code GET /fhir/metadata}, which FHIR clients ask first).
 * Answers as a FHIR server does: the resource as stored (201 new, 200 replaced), or an
 * OperationOutcome naming the problem (400 unparseable, 401/403, 404 unknown result, 415, 422 invalid).
 */
final class FhirFeedbackApi {
    private static final Logger LOG = LoggerFactory.getLogger(FhirFeedbackApi.class);
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String FHIR_JSON = "application/fhir+json";
    static final Authenticator.RefusalBody OUTCOME = (ctx, issueType, message) ->
            outcome(ctx, ctx.response().getStatusCode(), OperationOutcomes.error(issueType, message));

    private final Vertx vertx;
    private final RisFeedbackReader reader;
    private final FeedbackStore store;
    private FeedbackMetrics metrics;

    FhirFeedbackApi(Vertx vertx, RisFeedbackReader reader, FeedbackStore store) {
        this.vertx = vertx;
        this.reader = reader;
        this.store = store;
    }

    /** Counts each new feedback in {@code varde_feedback_total} (a resend or an update of the same resource is not new). */
    FhirFeedbackApi counted(FeedbackMetrics feedbackMetrics) {
        this.metrics = feedbackMetrics;
        return this;
    }

    void mount(ApiRoutes routes) {
        String capabilities = RisFeedbackReader.capabilityStatement(org.varde.gateway.Version.CURRENT,
                java.time.Instant.now());
        routes.fhir(HttpMethod.GET, "/fhir/metadata", Role.RIS, OUTCOME, ctx -> outcome(ctx, 200, capabilities));
        for (String type : new String[]{"Observation", "Task"}) {
            routes.fhirWithBody(HttpMethod.POST, "/fhir/" + type, Role.RIS, MAX_BODY_BYTES, OUTCOME,
                    ctx -> take(ctx, type, null));
            routes.fhirWithBody(HttpMethod.PUT, "/fhir/" + type + "/:id", Role.RIS, MAX_BODY_BYTES, OUTCOME,
                    ctx -> take(ctx, type, ctx.pathParam("id")));
        }
        // the validator is loaded by the first RIS request, not here: its structure definitions hold
        // ~200 MiB of heap, which a gateway whose RIS never sends feedback should not pay for
        // (HostileSenderTest runs the gateway in 256 MiB)
    }

    /** @param withdrawn for a withdrawal: the row taken back, empty when there was none */
    private record Answer(RisFeedback sent, Optional<FeedbackStore.Taken> taken, Optional<JsonObject> withdrawn) {
    }

    private void take(RoutingContext ctx, String type, String pathId) {
        if (!isFhirJson(ctx.request().getHeader("Content-Type"))) {
            outcome(ctx, 415, OperationOutcomes.error("not-supported", "send the resource as " + FHIR_JSON
                    + " (or application/json); XML is not taken"));
            return;
        }
        String body = BoundedBody.raw(ctx).toString(StandardCharsets.UTF_8);
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> {
            // validating is CPU work of milliseconds: not on the event loop
            RisFeedback sent = reader.read(type, pathId, body);
            String sourceRef = sent.source() == null ? null : caller.name() + " " + sent.source();
            if (sent.withdrawn()) {
                return new Answer(sent, Optional.empty(), store.withdraw(sourceRef, Actor.of(caller), sent.practitioner()));
            }
            return new Answer(sent, store.fromRis(sourceRef, sent.resultId(), Agreement.valueOf(sent.agreement().name()),
                    sent.correctFinding(), sent.comment(), Actor.of(caller), sent.practitioner()), Optional.empty());
        }, false).onComplete(done -> {
            if (done.failed()) {
                refused(ctx, done.cause());
            } else if (done.result().sent().withdrawn()) {
                withdrawn(ctx, type, pathId, done.result().sent(), done.result().withdrawn());
            } else if (done.result().taken().isEmpty()) {
                outcome(ctx, 404, OperationOutcomes.error("not-found", "Varde has no result "
                        + done.result().sent().resultId() + ": the " + type + " names a report Varde did not send"));
            } else {
                stored(ctx, type, pathId, done.result().sent(), done.result().taken().get());
            }
        });
    }

    private void stored(RoutingContext ctx, String type, String pathId, RisFeedback sent, FeedbackStore.Taken taken) {
        if (taken.created() && metrics != null) {
            metrics.given(taken.feedback().getString("algorithm"), Agreement.valueOf(sent.agreement().name()));
        }
        // an update keeps the RIS's id; a create gets the feedback's own
        String id = pathId != null ? pathId : taken.feedback().getString("id");
        ctx.response().putHeader("Location", "/fhir/" + type + "/" + id);
        outcome(ctx, taken.created() ? 201 : 200,
                sent.answer(id, java.time.Instant.parse(taken.feedback().getString("givenAt"))));
    }

    private static void withdrawn(RoutingContext ctx, String type, String pathId, RisFeedback sent,
                                  Optional<JsonObject> removed) {
        if (removed.isEmpty()) {
            outcome(ctx, 404, OperationOutcomes.error("not-found", "no feedback of this " + type
                    + " to take back: it was never taken, or was taken back before"));
            return;
        }
        String id = pathId != null ? pathId : removed.get().getString("id");
        outcome(ctx, 200, sent.answer(id, java.time.Instant.now()));
    }

    private static void refused(RoutingContext ctx, Throwable cause) {
        if (cause instanceof RisFeedbackRefused refusal) {
            outcome(ctx, refusal.status(), refusal.outcome());
        } else {
            LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), cause.toString());
            outcome(ctx, 500, OperationOutcomes.error("exception", "internal error"));
        }
    }

    private static void outcome(RoutingContext ctx, int status, String resource) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", FHIR_JSON + ";charset=utf-8").end(resource);
    }

    /** R4 3.1.0.1.10: application/fhir+json; application/json is taken too (what many clients send). */
    private static boolean isFhirJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return media.equals(FHIR_JSON) || media.equals("application/json");
    }
}
