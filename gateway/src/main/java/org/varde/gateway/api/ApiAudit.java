package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditTrail;

import java.util.function.UnaryOperator;

/**
 * The audit events of API callers: who (the token's name or the OIDC user), what, the method and
 * path they called. Appended on a worker; the answer does not wait for it (a failed append is
 * logged and counted by the trail).
 */
final class ApiAudit {
    static final ApiAudit NONE = new ApiAudit(null, AuditTrail.NONE);

    private final Vertx vertx;
    private final AuditTrail trail;

    ApiAudit(Vertx vertx, AuditTrail trail) {
        this.vertx = vertx;
        this.trail = trail;
    }

    Future<Void> record(RoutingContext ctx, AuditAction action, UnaryOperator<AuditEntry> fill) {
        if (trail == AuditTrail.NONE) {
            return Future.succeededFuture();
        }
        AuditEntry entry = fill.apply(AuditEntry.of(Actor.of(Authenticator.caller(ctx)), action)
                .target(ctx.request().method().name() + " " + ctx.request().path()));
        return vertx.executeBlocking(() -> {
            trail.record(entry);
            return null;
        }, false);
    }

    /** A caller who sees identity was shown a study's: GDPR wants to know who looked. */
    void identityRead(RoutingContext ctx, String studyInstanceUid, String what) {
        record(ctx, AuditAction.IDENTITY_READ, e -> e.study(studyInstanceUid).detail(what));
    }
}
