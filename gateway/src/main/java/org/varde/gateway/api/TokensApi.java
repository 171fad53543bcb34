package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.ApiToken;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code /api/tokens} for admins: the same as {@code ./varde token list|create|revoke}, for a
 * gateway whose embedded database the command line cannot open while it runs. The secret of a new
 * token is in the answer to its creation and nowhere else.
 */
final class TokensApi {
    private static final Logger LOG = LoggerFactory.getLogger(TokensApi.class);
    private static final long MAX_BODY_BYTES = 4 * 1024;

    private final Vertx vertx;
    private final TokenStore tokens;
    private ApiAudit audit = ApiAudit.NONE;

    TokensApi(Vertx vertx, TokenStore tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
    }

    TokensApi audited(ApiAudit apiAudit) {
        this.audit = apiAudit;
        return this;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/tokens", Role.ADMIN, this::list);
        routes.postWithBody("/api/tokens", Role.ADMIN, MAX_BODY_BYTES, this::create);
        routes.delete("/api/tokens/:name", Role.ADMIN, this::revoke);
    }

    private void list(RoutingContext ctx) {
        vertx.executeBlocking(tokens::list, false).onComplete(result -> {
            if (result.failed()) {
                Responses.fail(ctx, result.cause());
                return;
            }
            JsonArray list = new JsonArray();
            result.result().forEach(t -> list.add(json(t)));
            Responses.json(ctx, list.encode());
        });
    }

    static JsonObject json(ApiToken t) {
        return new JsonObject().put("name", t.name()).put("role", t.role().word())
                .put("createdAt", text(t.createdAt())).put("createdBy", t.createdBy())
                .put("lastUsedAt", text(t.lastUsedAt()));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = BoundedBody.json(ctx);
        String name = body == null ? null : body.getValue("name") instanceof String s ? s : null;
        Optional<Role> role = body != null && body.getValue("role") instanceof String word ? Role.fromWord(word)
                : Optional.empty();
        if (name == null || role.isEmpty()) {
            Responses.error(ctx, 400, "body must be {\"name\": \"...\", \"role\": \"viewer|operator|admin\"}");
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> tokens.create(name, role.get(), caller.describe()), false).onComplete(result -> {
            if (result.failed() && result.cause() instanceof TokenStore.TokenException refused) {
                Responses.error(ctx, 409, refused.getMessage());
            } else if (result.failed()) {
                Responses.fail(ctx, result.cause());
            } else {
                LOG.info("API token {} ({}) created by {}", name, role.get().word(), caller.describe());
                audit.record(ctx, org.varde.gateway.audit.AuditAction.TOKEN_CREATED,
                        e -> e.detail("token " + name + " (" + role.get().word() + ")"));
                ctx.response().putHeader("Cache-Control", "no-store");
                Responses.json(ctx, 201, new JsonObject().put("name", name).put("role", role.get().word())
                        .put("secret", result.result())
                        .put("note", "the secret is shown this once; the gateway keeps only its hash"));
            }
        });
    }

    private void revoke(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Caller caller = Authenticator.caller(ctx);
        vertx.executeBlocking(() -> tokens.revoke(name), false).onComplete(result -> {
            if (result.failed() && result.cause() instanceof TokenStore.TokenException refused) {
                Responses.error(ctx, 400, refused.getMessage());
            } else if (result.failed()) {
                Responses.fail(ctx, result.cause());
            } else if (!result.result()) {
                Responses.error(ctx, 404, "no token named \"" + name + "\"");
            } else {
                LOG.info("API token {} revoked by {}", name, caller.describe());
                audit.record(ctx, org.varde.gateway.audit.AuditAction.TOKEN_REVOKED, e -> e.detail("token " + name));
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
