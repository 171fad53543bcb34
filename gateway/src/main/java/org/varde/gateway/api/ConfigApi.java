package org.varde.gateway.api;

import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditOutcome;
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
    private ApiAudit audit = ApiAudit.NONE;

    ConfigApi(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    ConfigApi audited(ApiAudit apiAudit) {
        this.audit = apiAudit;
        return this;
    }

    void mount(ApiRoutes routes) {
        routes.post("/api/config/reload", Role.ADMIN, this::reload);
    }

    private void reload(RoutingContext ctx) {
        pipeline.reloadConfig().onComplete(result -> {
            audit.record(ctx, AuditAction.CONFIG_RELOAD, e -> result.succeeded()
                    ? e.detail("changed: " + result.result().getValue("changed"))
                    : e.outcome(AuditOutcome.REFUSED).detail(String.valueOf(result.cause().getMessage())));
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
