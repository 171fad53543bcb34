package org.varde.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.dicom.data.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's ways to answer: JSON bodies, errors as {@code {"error": …}}, internal failures logged once. */
final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    static void json(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body);
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status);
        json(ctx, body.encode());
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    static void fail(RoutingContext ctx, Throwable cause) {
        LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), cause.toString());
        error(ctx, 500, "internal error");
    }

    /** The study UID of the path, or null after answering 400: an unsafe UID never reaches a query or path. */
    static String studyUid(RoutingContext ctx) {
        String studyUid = ctx.pathParam("studyUid");
        if (!UID.isSafe(studyUid)) {
            error(ctx, 400, "not a valid UID");
            return null;
        }
        return studyUid;
    }
}
