package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.results.RestCallbacks;

import java.util.regex.Pattern;

/**
 * {@code POST /api/callbacks/{jobId}}: a REST vendor says a job's result is ready. Not an API role's
 * route: the caller presents the job's own secret as a bearer credential ({@code Authorization:
 * Bearer <secret>}); without it, or with any other, 401 before a byte of the body is read (deny by
 * default). A used secret: 409. The body is at most {@link #MAX_BODY_BYTES}: 413 beyond.
 */
final class CallbacksApi {
    static final String PATH = "/api/callbacks/:jobId";
    /** A callback says done or failed and where the result is: a few hundred bytes. */
    static final long MAX_BODY_BYTES = 16 * 1024;
    private static final String PREFIX = "Bearer ";
    private static final String SECRET = "varde.callbackSecret";
    // job ids are UUIDs made by the job store
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Vertx vertx;
    private final RestCallbacks callbacks;

    CallbacksApi(Vertx vertx, RestCallbacks callbacks) {
        this.vertx = vertx;
        this.callbacks = callbacks;
    }

    void mount(ApiRoutes routes) {
        routes.callback(PATH, MAX_BODY_BYTES, this::authenticate, this::receive);
    }

    private void authenticate(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobId");
        String secret = secret(ctx.request().getHeader("Authorization"));
        if (secret == null || jobId == null || !JOB_ID.matcher(jobId).matches()) {
            unauthorized(ctx);
            return;
        }
        ctx.request().pause();
        vertx.executeBlocking(() -> callbacks.authenticate(jobId, secret), false).onComplete(checked -> {
            if (checked.failed()) {
                Responses.error(ctx, 503, "the callback cannot be checked now; try again");
            } else if (checked.result() == RestCallbacks.Outcome.ACCEPTED) {
                ctx.put(SECRET, secret);
                ctx.next();
            } else {
                answer(ctx, checked.result());
            }
        });
    }

    private void receive(RoutingContext ctx) {
        JsonObject body = BoundedBody.json(ctx);
        if (body == null) {
            Responses.error(ctx, 400, "the body must be a JSON object saying whether the job is done or failed");
            return;
        }
        String jobId = ctx.pathParam("jobId");
        String secret = ctx.get(SECRET);
        vertx.executeBlocking(() -> callbacks.receive(jobId, secret, body), false).onComplete(received -> {
            if (received.failed()) {
                Responses.fail(ctx, received.cause());
            } else {
                answer(ctx, received.result());
            }
        });
    }

    private static void answer(RoutingContext ctx, RestCallbacks.Outcome outcome) {
        switch (outcome) {
            case ACCEPTED -> Responses.json(ctx, 202, new JsonObject().put("status", "accepted"));
            case UNAUTHENTICATED -> unauthorized(ctx);
            case ALREADY_USED -> Responses.error(ctx, 409, "this job's callback was received already");
            case NOT_FINISHED -> Responses.error(ctx, 400, "the body says neither done nor failed");
        }
    }

    private static void unauthorized(RoutingContext ctx) {
        // as the API's own 401 (Authenticator): the body is not read; no Connection: close, which an
        // HTTP/2 (h2c) connection would turn into a GOAWAY for every stream on it
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer realm=\"varde-callback\"");
        Responses.json(ctx, "{\"error\":\"unauthorized\"}");
    }

    private static String secret(String header) {
        if (header == null || header.length() > PREFIX.length() + 256
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String secret = header.substring(PREFIX.length()).trim();
        return secret.isEmpty() || secret.chars().anyMatch(c -> c <= ' ' || c > '~') ? null : secret;
    }
}
