package org.varde.gateway.api;

import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/config/reload}: read the config files again. 200 with what changed; 422 with the
 * error when the new config is refused, the old one staying in force (and {@code /health} says so).
 */
final class ConfigApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApi.class);

    private final Pipeline pipeline;

    ConfigApi(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    void mount(ApiRoutes routes) {
        routes.post("/api/config/reload", Role.ADMIN, this::reload);
    }

    private void reload(RoutingContext ctx) {
        pipeline.reloadConfig().onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, result.result());
            } else if (result.cause() instanceof ConfigRefusedException refused) {
                LOG.warn("config reload refused, the old config stays in force: {}", refused.getMessage());
                Responses.json(ctx, 422, pipeline.configStatus().copy().put("error", refused.getMessage()));
            } else {
                Responses.fail(ctx, result.cause());
            }
        });
    }
}
