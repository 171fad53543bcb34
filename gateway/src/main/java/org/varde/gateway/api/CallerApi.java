package org.varde.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;

/**
 * {@code GET /api/whoami} (viewer): who the presented credential is and what its role may do, so the
 * web UI can check a pasted token and offer only the actions the role allows. The server checks
 * every action again; this only spares the user buttons that would answer 403.
 */
final class CallerApi {
    void mount(ApiRoutes routes) {
        routes.get("/api/whoami", Role.VIEWER, this::whoami);
    }

    private void whoami(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        Responses.json(ctx, new JsonObject()
                .put("name", caller.name())
                .put("role", caller.role().word())
                .put("source", caller.source().name().toLowerCase(java.util.Locale.ROOT))
                .put("seesIdentity", caller.role().seesIdentity())
                .encode());
    }
}
