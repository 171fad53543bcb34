package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.spool.Quarantine;

/**
 * {@code GET /api/quarantine}: what is kept aside and why: reason, when, UIDs and size. No patient
 * identity and no path: the reason's fixed description stands in for the detail (which the reason
 * file and the log keep for the administrator). Reads the folder, so on a worker.
 */
final class QuarantineApi {
    private final Vertx vertx;
    private final Quarantine quarantine;

    QuarantineApi(Vertx vertx, Quarantine quarantine) {
        this.vertx = vertx;
        this.quarantine = quarantine;
    }

    /** Viewer: UIDs, reasons and sizes, no patient identity. */
    void mount(ApiRoutes routes) {
        routes.get("/api/quarantine", Role.VIEWER, this::list);
    }

    private void list(RoutingContext ctx) {
        vertx.executeBlocking(quarantine::list, false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            JsonArray items = new JsonArray();
            result.result().forEach(item -> items.add(json(item)));
            Responses.json(ctx, items.encode());
        });
    }

    static JsonObject json(Quarantine.Item item) {
        return new JsonObject()
                .put("id", item.id())
                .put("reason", item.reason().name())
                .put("description", item.reason().description())
                .put("quarantinedAt", item.quarantinedAt() == null ? null : item.quarantinedAt().toString())
                .put("sopInstanceUid", item.sopInstanceUid())
                .put("studyInstanceUid", item.studyInstanceUid())
                .put("byteCount", item.byteCount());
    }
}
