package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.audit.ChainReport;

/**
 * {@code GET /api/audit?from=&to=&limit=}: the audit events of a period, oldest first, with their
 * hashes; {@code GET /api/audit/verify}: the chain recomputed, as {@code ./varde audit verify} does.
 * Admin only: events name studies and who looked at them. Reading the audit is itself audited.
 */
final class AuditApi {
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10_000;

    private final Vertx vertx;
    private final AuditLog log;
    private final ApiAudit audit;

    AuditApi(Vertx vertx, AuditLog log, ApiAudit audit) {
        this.vertx = vertx;
        this.log = log;
        this.audit = audit;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/audit", Role.ADMIN, this::list);
        routes.get("/api/audit/verify", Role.ADMIN, this::verify);
    }

    private void list(RoutingContext ctx) {
        Period period;
        int limit;
        try {
            period = Period.of(ctx);
            limit = limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> log.between(period.from(), period.to(), limit), false).onComplete(found -> {
            if (found.failed()) {
                Responses.fail(ctx, found.cause());
                return;
            }
            audit.record(ctx, AuditAction.AUDIT_READ, e -> e.detail(found.result().size() + " events"));
            JsonArray list = new JsonArray();
            found.result().forEach(event -> list.add(event.toJson()));
            Responses.json(ctx, list.encode());
        });
    }

    private void verify(RoutingContext ctx) {
        vertx.executeBlocking(log::verify, false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
                return;
            }
            ChainReport r = done.result();
            Responses.json(ctx, 200, new JsonObject().put("intact", r.intact()).put("events", r.rows())
                    .put("firstBrokenSeq", r.firstBrokenSeq()).put("why", r.why()).put("firstSeq", r.firstSeq())
                    .put("checkpoints", r.checkpoints()).put("signaturesChecked", r.signaturesChecked()));
        });
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was \"" + text + "\"");
    }
}
