package org.varde.gateway.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.TestOidcProvider;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI's log-in by redirect against a real OpenID Connect provider on loopback
 * ({@link TestOidcProvider}: discovery, a log-in form, PKCE S256, RS256 tokens, JWKS, end session):
 * chromium clicks the UI's button, signs in at the provider, comes back and is logged in with the
 * role the provider's claim maps to; the token is in memory only; log-out ends the provider's session.
 * And the code exchange's refusals over plain HTTP.
 */
class OidcLoginTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TestOidcProvider provider;
    private static Gateway gateway;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        provider = await(TestOidcProvider.start(vertx, "varde-ui"))
                .user("dr.lund", "lund-pw", "radiology-ops")
                .user("ms.ask", "ask-pw", "radiology-viewers")
                .user("mr.none", "none-pw", "cafeteria");
        Path config = Files.writeString(dir.resolve("varde.yaml"), """
                storage: {dir: ./var}
                node: {id: oidc-test}
                http:
                  oidc:
                    issuer: %s
                    audience: varde-ui
                    jwksUrl: %s/jwks
                    roles: {radiology-ops: operator, radiology-viewers: viewer}
                    login: {clientId: varde-ui}
                """.formatted(provider.issuer(), provider.issuer()));
        GatewayConfig loaded = ConfigLoader.load(config);
        gateway = await(Gateway.start(vertx, loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0))));
        base = "http://127.0.0.1:" + gateway.httpPort();
        provider.redirectUri(base + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        provider.close();
        await(vertx.close());
    }

    @Test
    void aUserLogsInAtTheProviderInChromiumAndOutAgain() throws Exception {
        BrowserWalk.run("oidc.test.mjs", Map.of("VARDE_URL", base, "VARDE_PROVIDER", provider.issuer()));
        assertTrue(provider.events.contains("token dr.lund"), provider.events.toString());
        assertTrue(provider.events.contains("logout hint=yes"), "the log-out ended the provider's session: " + provider.events);
        BrowserWalk.screenshotsSaved(5_000, "09-oidc-provider");
    }

    @Test
    void theCodeExchangeRefusesAWrongVerifierAReusedCodeAndAUserWithoutARole() throws Exception {
        JsonObject described = new JsonObject(get("/api/login/oidc").body());
        assertEquals(provider.issuer() + "/authorize", described.getString("authorizationEndpoint"), "from discovery");
        assertEquals(provider.issuer() + "/logout", described.getString("endSessionEndpoint"));
        assertEquals("varde-ui", described.getString("clientId"));

        String verifier = "v".repeat(20) + "-verifier-of-forty-three-chars-at-least";
        String code = code("dr.lund", "lund-pw", verifier);
        HttpResponse<String> wrong = exchange(code, verifier.replace('v', 'w'));
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("invalid_grant"), wrong.body());
        HttpResponse<String> reused = exchange(code, verifier);
        assertEquals(400, reused.statusCode(), "a code is used once, even after a failed exchange: " + reused.body());

        String fresh = code("dr.lund", "lund-pw", verifier);
        HttpResponse<String> ok = exchange(fresh, verifier);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonObject answer = new JsonObject(ok.body());
        assertEquals("operator", answer.getJsonObject("caller").getString("role"));
        HttpResponse<String> whoami = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/whoami"))
                .header("Authorization", "Bearer " + answer.getString("accessToken")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("dr.lund", new JsonObject(whoami.body()).getString("name"), "the token works as a bearer token");

        HttpResponse<String> noRole = exchange(code("mr.none", "none-pw", verifier), verifier);
        assertEquals(401, noRole.statusCode(), "a user whose claim maps to no role gets no token: " + noRole.body());
        assertFalse(noRole.body().contains("eyJ"), "and nothing of the provider's token");

        assertEquals(400, post("/api/login/oidc/token", "{\"code\": \"x\", \"codeVerifier\": \"short\", "
                + "\"redirectUri\": \"" + base + "/\"}").statusCode(), "RFC 7636: a verifier of 43..128 characters");
        assertEquals(400, post("/api/login/oidc/token", "{\"code\": \"x\", \"codeVerifier\": \"" + verifier
                + "\", \"redirectUri\": \"javascript:alert(1)\"}").statusCode());
    }

    /** The provider's log-in as a browser would post it, and the code from its redirect. */
    private static String code(String user, String password, String verifier) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String form = "redirect_uri=" + enc(base + "/") + "&code_challenge=" + challenge + "&state=s1&nonce=n1&username="
                + enc(user) + "&password=" + enc(password);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        String query = location.substring(location.indexOf("code=") + 5);
        return URLDecoder.decode(query.substring(0, query.indexOf('&')), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return post("/api/login/oidc/token", new JsonObject().put("code", code).put("codeVerifier", verifier)
                .put("redirectUri", base + "/").encode());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
