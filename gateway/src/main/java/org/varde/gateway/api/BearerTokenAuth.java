package org.varde.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Deny by default: a request passes only with {@code Authorization: Bearer <token>} naming a
 * configured token. No token configured means nobody passes (RFC 6750 3: 401 with WWW-Authenticate).
 */
final class BearerTokenAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";
    private final List<byte[]> tokens;

    BearerTokenAuth(List<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && isKnown(header.substring(PREFIX.length()).trim())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer realm=\"varde\"")
                .putHeader("Content-Type", "application/json")
                .end("{\"error\":\"unauthorized\"}");
    }

    private boolean isKnown(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] token : tokens) {
            // constant time per token, and every token compared: the timing tells nothing
            known |= MessageDigest.isEqual(token, bytes);
        }
        return known;
    }
}
