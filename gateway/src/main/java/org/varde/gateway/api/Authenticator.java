package org.varde.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.DemoToken;
import org.varde.gateway.access.JwtVerifier;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Establishes who calls ({@code Authorization: Bearer}, RFC 6750) and whether their role suffices.
 * A bearer is a named token's secret (looked up by hash on a worker), an OpenID Connect JWT when
 * OIDC is configured, or the demo token when the demo runs. No credential, or one that is not live:
 * 401. A live credential whose role is too low: 403.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final String CALLER = "varde.caller";
    private static final String PREFIX = "Bearer ";
    // an Authorization header longer than this holds no credential of ours (a JWT of a few KiB at most)
    private static final int MAX_CREDENTIAL_CHARS = 16 * 1024;
    private static final long DEMO_WARNING_INTERVAL_MILLIS = 60_000;

    private final Vertx vertx;
    private final TokenStore tokens;
    private final JwtVerifier jwts;
    private final boolean demoAccepted;
    private final AtomicLong lastDemoWarning = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param tokens       the named tokens, or null when only OIDC or the demo token is accepted
     * @param jwts         OpenID Connect bearer JWTs, or null when OIDC is not configured
     * @param demoAccepted true only for {@code ./varde demo}
     */
    Authenticator(Vertx vertx, TokenStore tokens, JwtVerifier jwts, boolean demoAccepted) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.jwts = jwts;
        this.demoAccepted = demoAccepted;
    }

    /**
     * How a refusal's body is written, after its status and challenge are set: {@code {"error": …}} for
     * the API, an OperationOutcome for a FHIR endpoint.
     *
     * @param issueType the R4 issue-type code of the refusal ({@code login}, {@code forbidden}, {@code transient})
     */
    interface RefusalBody {
        void write(RoutingContext ctx, String issueType, String message);
    }

    static final RefusalBody JSON_ERROR = (ctx, issueType, message) ->
            Responses.json(ctx, new io.vertx.core.json.JsonObject().put("error", message).encode());

    /** What a caller of the API must be; {@code bodyFollows} when {@link BoundedBody} comes next (it resumes the request). */
    Handler<RoutingContext> require(Role role, boolean bodyFollows) {
        return require(role, bodyFollows, JSON_ERROR);
    }

    /** The same, refusals written by {@code refusals}. */
    Handler<RoutingContext> require(Role role, boolean bodyFollows, RefusalBody refusals) {
        return ctx -> {
            String credential = credential(ctx.request().getHeader("Authorization"));
            if (credential == null) {
                unauthorized(ctx, null, refusals);
                return;
            }
            // the lookup is asynchronous: hold the body back until we know the caller may send it
            boolean paused = !ctx.request().isEnded();
            if (paused) {
                ctx.request().pause();
            }
            resolve(credential).onComplete(result -> {
                if (result.failed()) {
                    LOG.error("cannot check a credential: {}", result.cause().toString());
                    ctx.response().setStatusCode(503);
                    refusals.write(ctx, "transient", "authentication is unavailable; try again");
                } else if (result.result().isEmpty()) {
                    unauthorized(ctx, "invalid_token", refusals);
                } else if (!result.result().get().role().includes(role)) {
                    forbidden(ctx, result.result().get(), role, refusals);
                } else {
                    ctx.put(CALLER, result.result().get());
                    if (paused && !bodyFollows) {
                        ctx.request().resume();
                    }
                    ctx.next();
                }
            });
        };
    }

    /** The caller that passed {@link #require}: every handler behind it may rely on one. */
    static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller: the route was not declared through ApiRoutes");
        }
        return caller;
    }

    private static String credential(String header) {
        if (header == null || header.length() > PREFIX.length() + MAX_CREDENTIAL_CHARS
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String credential = header.substring(PREFIX.length()).trim();
        // RFC 6750 2.1: b64token, one word; a blank one is no credential
        return credential.isEmpty() || credential.chars().anyMatch(c -> c <= ' ' || c > '~') ? null : credential;
    }

    private Future<Optional<Caller>> resolve(String credential) {
        if (DemoToken.SECRET.equals(credential)) {
            return Future.succeededFuture(demo());
        }
        if (jwts != null && JwtVerifier.looksLikeJwt(credential)) {
            return jwts.verify(credential);
        }
        if (tokens == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> tokens.authenticate(credential), false);
    }

    private Optional<Caller> demo() {
        if (demoAccepted) {
            return Optional.of(DemoToken.CALLER);
        }
        long now = System.currentTimeMillis();
        long last = lastDemoWarning.get();
        if (now - last >= DEMO_WARNING_INTERVAL_MILLIS && lastDemoWarning.compareAndSet(last, now)) {
            LOG.error("the demo token was presented and refused: it is accepted only by ./varde demo. "
                    + "Create a named token with ./varde token create (docs/security.md)");
        }
        return Optional.empty();
    }

    private static void unauthorized(RoutingContext ctx, String error, RefusalBody refusals) {
        // RFC 6750 3: the challenge; 3.1: error="invalid_token" when a credential was given and refused
        String challenge = "Bearer realm=\"varde\"" + (error == null ? "" : ", error=\"" + error + "\"");
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", challenge);
        refusals.write(ctx, "login", "unauthorized");
    }

    private static void forbidden(RoutingContext ctx, Caller caller, Role needed, RefusalBody refusals) {
        // RFC 6750 3.1: insufficient_scope is answered 403
        ctx.response().setStatusCode(403)
                .putHeader("WWW-Authenticate", "Bearer realm=\"varde\", error=\"insufficient_scope\"");
        refusals.write(ctx, "forbidden", "this needs the " + needed.word() + " role; the caller has "
                + caller.role().word());
    }
}
