package org.varde.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OpenID Connect provider on loopback, for tests that drive a real log-in by redirect:
 * discovery (OIDC Discovery 1.0), an authorization endpoint with a user name and password form that
 * only takes the code flow with PKCE S256 (RFC 7636) and registered redirect URIs, a token endpoint
 * that checks the code (single use, 60 s), client, redirect URI and verifier and issues RS256 JWTs
 * (access and ID token), its JWKS, and an end-session endpoint. Keys: a 2048-bit RSA pair made by the
 * JDK at start. Its own rules are strict so a client that gets the protocol wrong fails the test.
 */
public final class TestOidcProvider implements AutoCloseable {
    private static final String KID = "test-rsa-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user of the provider, with the values of its {@code roles} claim. */
    public record User(String password, List<String> roles) {
    }

    private record Grant(String redirectUri, String challenge, String user, String nonce, Instant expires) {
    }

    private final Vertx vertx;
    private final String clientId;
    private final KeyPair rsa;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** What happened, in order: "authorize-form", "code USER", "token USER", "token refused: WHY", "logout hint=yes|no". */
    public final List<String> events = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String issuer;

    private TestOidcProvider(Vertx vertx, String clientId) throws Exception {
        this.vertx = vertx;
        this.clientId = clientId;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.rsa = generator.generateKeyPair();
    }

    public static Future<TestOidcProvider> start(Vertx vertx, String clientId) {
        try {
            TestOidcProvider provider = new TestOidcProvider(vertx, clientId);
            return provider.listen().map(port -> provider);
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    public TestOidcProvider user(String name, String password, String... roles) {
        users.put(name, new User(password, List.of(roles)));
        return this;
    }

    public TestOidcProvider redirectUri(String uri) {
        redirectUris.add(uri);
        return this;
    }

    public String issuer() {
        return issuer;
    }

    private Future<Integer> listen() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false));
        router.get("/.well-known/openid-configuration").handler(this::discovery);
        router.get("/jwks").handler(ctx -> json(ctx, 200, new JsonObject().put("keys", new JsonArray().add(jwk()))));
        router.get("/authorize").handler(this::authorizeForm);
        router.post("/authorize").handler(this::authorize);
        router.post("/token").handler(this::token);
        router.get("/logout").handler(this::logout);
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(0, "127.0.0.1").map(s -> {
            issuer = "http://127.0.0.1:" + s.actualPort();
            return s.actualPort();
        });
    }

    private void discovery(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("issuer", issuer)
                .put("authorization_endpoint", issuer + "/authorize").put("token_endpoint", issuer + "/token")
                .put("jwks_uri", issuer + "/jwks").put("end_session_endpoint", issuer + "/logout")
                .put("response_types_supported", new JsonArray().add("code"))
                .put("code_challenge_methods_supported", new JsonArray().add("S256"))
                .put("subject_types_supported", new JsonArray().add("public"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256")));
    }

    /** RFC 6749 4.1.2.1: a wrong client or redirect URI is never redirected to. */
    private void authorizeForm(RoutingContext ctx) {
        var q = ctx.queryParams();
        if (!clientId.equals(q.get("client_id")) || !redirectUris.contains(q.get("redirect_uri"))) {
            ctx.response().setStatusCode(400).end("unknown client or redirect_uri");
            return;
        }
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("state") == null
                || !List.of(q.get("scope") == null ? new String[0] : q.get("scope").split(" ")).contains("openid")) {
            redirect(ctx, q.get("redirect_uri") + "?error=invalid_request&state=" + enc(q.get("state")));
            return;
        }
        events.add("authorize-form");
        form(ctx, q.get("redirect_uri"), q.get("code_challenge"), q.get("state"), q.get("nonce"), "");
    }

    private void form(RoutingContext ctx, String redirect, String challenge, String state, String nonce, String message) {
        String html = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Test provider: log in</title></head><body>"
                + "<h1>Hospital log-in (test provider)</h1><p id=message>" + esc(message) + "</p>"
                + "<form method=post action=/authorize>"
                + hidden("redirect_uri", redirect) + hidden("code_challenge", challenge) + hidden("state", state)
                + hidden("nonce", nonce == null ? "" : nonce)
                + "<label>User <input id=username name=username></label>"
                + "<label>Password <input id=password name=password type=password></label>"
                + "<button id=signin type=submit>Sign in</button></form></body></html>";
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    private void authorize(RoutingContext ctx) {
        var f = ctx.request().formAttributes();
        String redirect = f.get("redirect_uri");
        if (!redirectUris.contains(redirect)) {
            ctx.response().setStatusCode(400).end("unknown redirect_uri");
            return;
        }
        User user = users.get(f.get("username"));
        if (user == null || !user.password().equals(f.get("password"))) {
            form(ctx, redirect, f.get("code_challenge"), f.get("state"), f.get("nonce"), "Wrong user name or password.");
            return;
        }
        String code = random(24);
        codes.put(code, new Grant(redirect, f.get("code_challenge"), f.get("username"),
                f.get("nonce"), Instant.now().plusSeconds(60)));
        events.add("code " + f.get("username"));
        redirect(ctx, redirect + "?code=" + enc(code) + "&state=" + enc(f.get("state")));
    }

    /** RFC 6749 4.1.3 and RFC 7636 4.6. */
    private void token(RoutingContext ctx) {
        var f = ctx.request().formAttributes();
        Grant grant = f.get("code") == null ? null : codes.remove(f.get("code"));
        String why = grant == null ? "unknown or used code"
                : !"authorization_code".equals(f.get("grant_type")) ? "grant_type"
                : !clientId.equals(f.get("client_id")) ? "client_id"
                : !grant.redirectUri().equals(f.get("redirect_uri")) ? "redirect_uri differs"
                : grant.expires().isBefore(Instant.now()) ? "code expired"
                : f.get("code_verifier") == null || !grant.challenge().equals(s256(f.get("code_verifier"))) ? "code_verifier does not match"
                : null;
        if (why != null) {
            events.add("token refused: " + why);
            json(ctx, 400, new JsonObject().put("error", "invalid_grant").put("error_description", why));
            return;
        }
        events.add("token " + grant.user());
        User user = users.get(grant.user());
        long now = Instant.now().getEpochSecond();
        JsonObject access = new JsonObject().put("iss", issuer).put("aud", clientId).put("sub", "sub-" + grant.user())
                .put("preferred_username", grant.user()).put("roles", new JsonArray(user.roles()))
                .put("iat", now).put("exp", now + 300);
        JsonObject id = access.copy().put("nonce", grant.nonce());
        json(ctx, 200, new JsonObject().put("access_token", sign(access)).put("id_token", sign(id))
                .put("token_type", "Bearer").put("expires_in", 300));
    }

    private void logout(RoutingContext ctx) {
        String back = ctx.queryParams().get("post_logout_redirect_uri");
        events.add("logout hint=" + (ctx.queryParams().get("id_token_hint") != null ? "yes" : "no"));
        if (back != null && redirectUris.contains(back)) {
            redirect(ctx, back);
        } else {
            ctx.response().end("logged out");
        }
    }

    private String sign(JsonObject claims) {
        try {
            String header = b64(new JsonObject().put("alg", "RS256").put("kid", KID).put("typ", "JWT").encode()
                    .getBytes(StandardCharsets.UTF_8));
            String body = b64(claims.encode().getBytes(StandardCharsets.UTF_8));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(rsa.getPrivate());
            signature.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject jwk() {
        RSAPublicKey key = (RSAPublicKey) rsa.getPublic();
        return new JsonObject().put("kty", "RSA").put("kid", KID).put("use", "sig").put("alg", "RS256")
                .put("n", b64(unsigned(key.getModulus()))).put("e", b64(unsigned(key.getPublicExponent())));
    }

    private static String s256(String verifier) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] bytes = v.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b64(b);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String hidden(String name, String value) {
        return "<input type=hidden name=" + name + " value=\"" + esc(value) + "\">";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
