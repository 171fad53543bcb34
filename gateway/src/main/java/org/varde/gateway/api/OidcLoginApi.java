package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.JwtVerifier;
import org.varde.gateway.access.OidcProvider;
import org.varde.gateway.config.OidcLogin;
import org.varde.gateway.config.OidcSettings;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The web UI's log-in by redirect (the authorization code flow with PKCE, RFC 6749 4.1 and RFC 7636,
 * for a public client): {@code GET /api/login/oidc} tells the page where to send the browser, and
 * {@code POST /api/login/oidc/token} exchanges the code the provider sent back, with the page's
 * code verifier, at the provider's token endpoint. The gateway makes that call, not the browser, so
 * the page's Content-Security-Policy keeps allowing fetches to its own origin only, and no CORS is
 * asked of the provider. The access token is checked as every bearer token is ({@link JwtVerifier})
 * before it is handed to the page, which keeps it in memory. Both are open (the browser holds no
 * token yet); the exchange gives nothing without a code the provider issued for the verifier.
 */
final class OidcLoginApi {
    private static final Logger LOG = LoggerFactory.getLogger(OidcLoginApi.class);
    static final String CONFIG_PATH = "/api/login/oidc";
    static final String TOKEN_PATH = "/api/login/oidc/token";
    private static final long MAX_BODY_BYTES = 8 * 1024;
    private static final int MAX_CODE = 2048;
    private static final int MAX_URI = 2048;
    // RFC 7636 4.1: 43 to 128 unreserved characters
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final Vertx vertx;
    private final OidcLogin login;
    private final JwtVerifier verifier;
    private final OidcProvider provider;

    OidcLoginApi(Vertx vertx, OidcSettings settings, JwtVerifier verifier) {
        this.vertx = vertx;
        this.login = settings.login();
        this.verifier = verifier;
        this.provider = new OidcProvider(settings.issuer(), login);
    }

    void mount(ApiRoutes routes) {
        routes.open(HttpMethod.GET, CONFIG_PATH, this::describe);
        routes.openWithBody(TOKEN_PATH, MAX_BODY_BYTES, this::exchange);
    }

    private void describe(RoutingContext ctx) {
        vertx.executeBlocking(provider::endpoints, false).onComplete(found -> {
            if (found.failed()) {
                LOG.warn("OIDC log-in: {}", found.cause().getMessage());
                Responses.error(ctx, 502, "the identity provider could not be asked where to log in");
                return;
            }
            OidcProvider.Endpoints e = found.result();
            Responses.json(ctx, 200, new JsonObject().put("authorizationEndpoint", e.authorization().toString())
                    .put("endSessionEndpoint", e.endSession() == null ? null : e.endSession().toString())
                    .put("clientId", login.clientId()).put("scope", login.scope()));
        });
    }

    private void exchange(RoutingContext ctx) {
        JsonObject body = BoundedBody.json(ctx);
        String code = body == null ? null : text(body, "code", MAX_CODE);
        String codeVerifier = body == null ? null : text(body, "codeVerifier", 128);
        String redirect = body == null ? null : text(body, "redirectUri", MAX_URI);
        if (code == null || codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches() || !redirectUri(redirect)) {
            Responses.error(ctx, 400, "body must be {\"code\": \"...\", \"codeVerifier\": \"43..128 unreserved characters\", "
                    + "\"redirectUri\": \"http(s)://...\"}");
            return;
        }
        vertx.executeBlocking(() -> provider.exchange(code, codeVerifier, redirect), false)
                .compose(tokens -> verifier.verify(tokens.accessToken()).map(caller -> caller.map(c ->
                        new JsonObject().put("accessToken", tokens.accessToken()).put("tokenType", "Bearer")
                                .put("expiresIn", tokens.expiresIn()).put("idToken", tokens.idToken())
                                .put("caller", new JsonObject().put("name", c.name()).put("role", c.role().word())))))
                .onComplete(done -> {
                    if (done.failed()) {
                        Throwable cause = done.cause();
                        LOG.warn("OIDC log-in refused: {}", cause.getMessage());
                        Responses.error(ctx, cause instanceof OidcProvider.Refused ? 400 : 502, cause.getMessage());
                    } else if (done.result().isEmpty()) {
                        LOG.warn("OIDC log-in refused: the provider's access token is not valid for this gateway");
                        Responses.error(ctx, 401, "the provider's access token is not valid here (issuer, audience, "
                                + "expiry, or no claim that maps to a Varde role)");
                    } else {
                        LOG.info("OIDC log-in of {}", done.result().get().getJsonObject("caller").getString("name"));
                        Responses.json(ctx, 200, done.result().get());
                    }
                });
    }

    private static String text(JsonObject body, String key, int max) {
        Object value = body.getValue(key);
        return value instanceof String s && !s.isEmpty() && s.length() <= max ? s : null;
    }

    /** Absolute http(s), no fragment (RFC 6749 3.1.2); the provider checks it against the registered one. */
    private static boolean redirectUri(String text) {
        if (text == null) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
