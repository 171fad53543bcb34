package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.value.Agreement;
import org.varde.gateway.value.FeedbackStore;
import org.varde.gateway.value.Filter;
import org.varde.gateway.value.GroundTruthStore;
import org.varde.gateway.value.StudyTruth;
import org.varde.gateway.value.ValueFigures;

import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/results/{id}/feedback} (operator: a radiologist's token or OIDC user) and
 * {@code GET /api/value?algorithm=&route=&from=&to=&site=&mode=} (viewer: counts and rates, no identity)
 * and {@code POST /api/value/ground-truth} (operator: the sandbox generator's ground truth files).
 */
final class ValueApi {
    private static final long MAX_BODY_BYTES = 8 * 1024;
    /** {@link StudyTruth#MAX_STUDIES} files of a few kB each (a CT's file lists the images its finding shows in). */
    private static final long MAX_TRUTH_BYTES = 16L * 1024 * 1024;

    private final Vertx vertx;
    private final FeedbackStore feedback;
    private final ValueFigures figures;
    private final GroundTruthStore truths;
    private FeedbackMetrics metrics;

    ValueApi(Vertx vertx, FeedbackStore feedback, ValueFigures figures, GroundTruthStore truths) {
        this.vertx = vertx;
        this.feedback = feedback;
        this.figures = figures;
        this.truths = truths;
    }

    /** Counts each feedback given in {@code varde_feedback_total}. */
    ValueApi counted(FeedbackMetrics feedbackMetrics) {
        this.metrics = feedbackMetrics;
        return this;
    }

    void mount(ApiRoutes routes) {
        routes.postWithBody("/api/results/:resultId/feedback", Role.OPERATOR, MAX_BODY_BYTES, this::give);
        routes.get("/api/value", Role.VIEWER, this::value);
        routes.postWithBody("/api/value/ground-truth", Role.OPERATOR, MAX_TRUTH_BYTES, this::groundTruth);
    }

    private void groundTruth(RoutingContext ctx) {
        List<StudyTruth> parsed;
        try {
            Object body;
            try {
                body = Json.decodeValue(BoundedBody.raw(ctx));
            } catch (DecodeException e) {
                throw new IllegalArgumentException("body is not JSON");
            }
            parsed = StudyTruth.parse(body);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        Actor by = Actor.of(Authenticator.caller(ctx));
        vertx.executeBlocking(() -> truths.record(parsed, by), false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
            } else {
                Responses.json(ctx, 201, done.result());
            }
        });
    }

    private void give(RoutingContext ctx) {
        String resultId = ctx.pathParam("resultId");
        JsonObject body = BoundedBody.json(ctx);
        Agreement agreement;
        String finding;
        String comment;
        try {
            if (resultId == null || resultId.length() > 36) {
                throw new IllegalArgumentException("not a result id");
            }
            if (body == null || !(body.getValue("agreement") instanceof String word)) {
                throw new IllegalArgumentException("body must be {\"agreement\": \"agree|disagree|partly\", "
                        + "\"correctFinding\": \"...\" (optional), \"comment\": \"...\" (optional)}");
            }
            agreement = agreement(word);
            finding = text(body, "correctFinding", FeedbackStore.MAX_FINDING);
            comment = text(body, "comment", FeedbackStore.MAX_COMMENT);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        Actor by = Actor.of(Authenticator.caller(ctx));
        vertx.executeBlocking(() -> feedback.give(resultId, agreement, finding, comment, by), false)
                .onComplete(done -> {
                    if (done.failed()) {
                        Responses.fail(ctx, done.cause());
                    } else if (done.result().isEmpty()) {
                        Responses.error(ctx, 404, "unknown result");
                    } else {
                        if (metrics != null) {
                            metrics.given(done.result().get().getString("algorithm"), agreement);
                        }
                        Responses.json(ctx, 201, done.result().get());
                    }
                });
    }

    private static Agreement agreement(String word) {
        try {
            return Agreement.valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agreement must be agree, disagree or partly");
        }
    }

    private static String text(JsonObject body, String key, int max) {
        Object value = body.getValue(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
            throw new IllegalArgumentException(key + " must be a text of 1.." + max + " characters");
        }
        return s.strip();
    }

    /** An algorithm, route or site name: compared with configured names only, so bounded and otherwise free. */
    private static String name(RoutingContext ctx, String key) {
        String value = ctx.queryParams().get(key);
        if (value != null && (value.isBlank() || value.length() > 128)) {
            throw new IllegalArgumentException(key + " must be a name of 1..128 characters");
        }
        return value;
    }

    private void value(RoutingContext ctx) {
        Filter filter;
        try {
            Period period = Period.of(ctx);
            String mode = ctx.queryParams().get("mode");
            if (mode != null && !mode.equalsIgnoreCase("clinical") && !mode.equalsIgnoreCase("shadow")) {
                throw new IllegalArgumentException("mode must be clinical or shadow");
            }
            filter = new Filter(name(ctx, "algorithm"), name(ctx, "route"), period.from(), period.to(),
                    name(ctx, "site"), mode);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> figures.compute(filter), false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
            } else {
                Responses.json(ctx, 200, done.result());
            }
        });
    }
}
