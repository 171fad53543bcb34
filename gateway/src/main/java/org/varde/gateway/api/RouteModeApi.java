package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditOutcome;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RouteModeEdit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/routes/{name}/mode} (admin): switch a route between {@code off}, {@code shadow} and
 * {@code clinical}. Written back to the routes file ({@link RouteModeEdit}: one line changed, checked
 * by loading the file again), then applied by a config reload; when the gateway refuses the reloaded
 * config the file is put back as it was. Every change and every refusal is an audit event
 * ({@code ROUTE_MODE_CHANGED}) naming who asked.
 */
final class RouteModeApi {
    private static final Logger LOG = LoggerFactory.getLogger(RouteModeApi.class);
    static final long MAX_BODY_BYTES = 1024;

    private final Vertx vertx;
    private final Pipeline pipeline;
    private final ApiAudit audit;

    RouteModeApi(Vertx vertx, Pipeline pipeline, ApiAudit audit) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.audit = audit;
    }

    void mount(ApiRoutes routes) {
        routes.postWithBody("/api/routes/:route/mode", Role.ADMIN, MAX_BODY_BYTES, this::switchMode);
    }

    private void switchMode(RoutingContext ctx) {
        String route = ctx.pathParam("route");
        JsonObject body = BoundedBody.json(ctx);
        Optional<RouteMode> mode = body == null ? Optional.empty() : mode(body.getValue("mode"));
        if (mode.isEmpty()) {
            Responses.error(ctx, 400, "body must be {\"mode\": \"off\"|\"shadow\"|\"clinical\"}");
            return;
        }
        RoutingSettings files = pipeline.routingFiles();
        Caller caller = Authenticator.caller(ctx);
        if (files == null || !files.configured()) {
            Responses.error(ctx, 409, "no routes file is configured: there is nothing to write the mode to");
            return;
        }
        if (pipeline.routing().routes().routes().stream().noneMatch(r -> r.name().equals(route))) {
            Responses.error(ctx, 404, "no route named \"" + route + "\" is in force");
            return;
        }
        // the output names the catalogue and routes in force use: the main config had them, so the edit loads
        java.util.Set<String> outputs = new java.util.HashSet<>();
        pipeline.routing().catalogue().algorithms().forEach(a -> outputs.addAll(a.outputs().outputs()));
        pipeline.routing().routes().routes().forEach(r -> outputs.addAll(r.outputs()));
        vertx.executeBlocking(() -> RouteModeEdit.apply(files.algorithms(), files.routes(), route, mode.get(), outputs),
                false)
                .compose(before -> pipeline.reloadConfig().recover(refused -> undo(files, before, refused)))
                .onComplete(result -> answer(ctx, caller, route, mode.get(), result));
    }

    private Future<JsonObject> undo(RoutingSettings files, String before, Throwable refused) {
        return vertx.executeBlocking(() -> {
            RouteModeEdit.restore(files.routes(), before);
            return null;
        }, false).compose(v -> Future.failedFuture(refused));
    }

    private void answer(RoutingContext ctx, Caller caller, String route, RouteMode mode,
                        io.vertx.core.AsyncResult<JsonObject> result) {
        audit.record(ctx, AuditAction.ROUTE_MODE_CHANGED, e -> result.succeeded()
                ? e.detail("route " + route + " set to " + mode.word() + " in the routes file")
                : e.outcome(AuditOutcome.REFUSED).detail("route " + route + " not set to " + mode.word() + ": "
                        + result.cause().getMessage()));
        if (result.succeeded()) {
            LOG.info("route {} switched to {} by {}, written to the routes file", route, mode.word(), caller.describe());
            Responses.json(ctx, 200, new JsonObject().put("route", route).put("mode", mode.word())
                    .put("changed", result.result().getJsonObject("changed")));
            return;
        }
        Throwable cause = result.cause();
        LOG.warn("route {} not switched to {} for {}: {}", route, mode.word(), caller.describe(), cause.getMessage());
        if (cause instanceof RouteModeEdit.RefusedException) {
            Responses.error(ctx, 409, cause.getMessage());
        } else if (cause instanceof ConfigRefusedException) {
            Responses.error(ctx, 422, "the gateway refused the edited config, the file is as it was: " + cause.getMessage());
        } else if (cause instanceof java.io.IOException) {
            Responses.error(ctx, 409, "the routes file cannot be written: " + cause.getMessage());
        } else {
            Responses.fail(ctx, cause);
        }
    }

    private static Optional<RouteMode> mode(Object value) {
        if (!(value instanceof String word)) {
            return Optional.empty();
        }
        return Arrays.stream(RouteMode.values()).filter(m -> m.word().equals(word.toLowerCase(Locale.ROOT))).findFirst();
    }
}
