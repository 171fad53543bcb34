package org.varde.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.OidcJwtVerifier;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.OidcSettings;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * OpenID Connect bearer JWTs against the running API: keys and tokens made by the test, the key set
 * served over HTTP on loopback as a provider's jwks_uri is. A good token passes with the role its
 * claim maps to; every way a token can be wrong is a 401.
 */
class OidcAccessTest {
    private static final String ISSUER = "https://idp.hospital.example/realms/radiology";
    private static final String AUDIENCE = "varde";

    @TempDir
    Path tmp;
    private ApiFixture api;
    private HttpServer jwks;
    private KeyPair ec;
    private KeyPair rsa;
    private KeyPair stranger;

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        stranger = ecGen.generateKeyPair();
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        JsonObject set = new JsonObject().put("keys", new JsonArray().add(ecJwk("ec-1", (ECPublicKey) ec.getPublic()))
                .add(rsaJwk("rsa-1", (RSAPublicKey) rsa.getPublic())));

        api = new ApiFixture(tmp);
        jwks = api.vertx.createHttpServer().requestHandler(r -> r.response()
                        .putHeader("Content-Type", "application/json").end(set.encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        OidcSettings oidc = new OidcSettings(ISSUER, AUDIENCE,
                URI.create("http://127.0.0.1:" + jwks.actualPort() + "/certs"), null, "realm_access.roles",
                Map.of("rad-viewer", Role.VIEWER, "rad-operator", Role.OPERATOR, "varde-admin", Role.ADMIN),
                Duration.ofSeconds(30));
        OidcJwtVerifier verifier = new OidcJwtVerifier(api.vertx, oidc, Clock.systemUTC());
        verifier.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        api.start(api.config.http().withOidc(oidc), verifier);
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
    }

    private static JsonObject claims(String... roles) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", ISSUER).put("aud", new JsonArray().add(AUDIENCE).add("account"))
                .put("sub", "f1d2").put("preferred_username", "j.hansen").put("iat", now).put("exp", now + 300)
                .put("realm_access", new JsonObject().put("roles", new JsonArray(java.util.List.of((Object[]) roles))));
    }

    @Test
    void aGoodTokenPassesWithTheRoleItsClaimMapsTo() throws Exception {
        String viewer = sign("ES256", "ec-1", ec.getPrivate(), claims("offline_access", "rad-viewer"));
        assertEquals(200, api.get("/api/studies", viewer).statusCode());
        assertEquals(403, api.post("/api/config/reload", viewer, "").statusCode(), "a viewer may not reload");
        String admin = sign("RS256", "rsa-1", rsa.getPrivate(), claims("rad-viewer", "varde-admin"));
        assertEquals(200, api.get("/api/studies", admin).statusCode());
        String pss = sign("PS256", "rsa-1", rsa.getPrivate(), claims("rad-operator"));
        assertEquals(200, api.get("/api/studies", pss).statusCode());
    }

    @Test
    void everyWrongTokenIsRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put("wrong issuer", sign("ES256", "ec-1", ec.getPrivate(), claims("rad-viewer").put("iss", "https://evil.example")));
        wrong.put("wrong audience", sign("ES256", "ec-1", ec.getPrivate(), claims("rad-viewer").put("aud", "other-app")));
        wrong.put("expired", sign("ES256", "ec-1", ec.getPrivate(), claims("rad-viewer").put("exp", now - 3600)));
        wrong.put("no exp", sign("ES256", "ec-1", ec.getPrivate(), without(claims("rad-viewer"), "exp")));
        wrong.put("not yet valid", sign("ES256", "ec-1", ec.getPrivate(), claims("rad-viewer").put("nbf", now + 3600)));
        wrong.put("no mapped role", sign("ES256", "ec-1", ec.getPrivate(), claims("offline_access")));
        wrong.put("signed by another key", sign("ES256", "ec-1", stranger.getPrivate(), claims("rad-viewer")));
        wrong.put("unknown kid", sign("ES256", "ec-9", ec.getPrivate(), claims("rad-viewer")));
        wrong.put("alg none", unsigned(claims("varde-admin")));
        wrong.put("key sent in x5c", signWithHeader(new JsonObject().put("alg", "ES256").put("kid", "ec-1")
                .put("x5c", new JsonArray().add("MIIB")), ec.getPrivate(), claims("varde-admin")));
        wrong.put("HS256 with the public key as secret", hmac(claims("varde-admin")));
        String good = sign("ES256", "ec-1", ec.getPrivate(), claims("rad-viewer"));
        wrong.put("tampered payload", good.substring(0, good.indexOf('.') + 1)
                + b64(claims("varde-admin").encode().getBytes(StandardCharsets.UTF_8)) + good.substring(good.lastIndexOf('.')));
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            assertEquals(401, api.get("/api/studies", e.getValue()).statusCode(), e.getKey());
        }
    }

    private static JsonObject without(JsonObject o, String key) {
        o.remove(key);
        return o;
    }

    private static String sign(String alg, String kid, PrivateKey key, JsonObject claims) throws Exception {
        return signWithHeader(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), key, claims);
    }

    private static String signWithHeader(JsonObject header, PrivateKey key, JsonObject claims) throws Exception {
        String alg = header.getString("alg");
        String input = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature s;
        if (alg.equals("ES256")) {
            s = Signature.getInstance("SHA256withECDSAinP1363Format");
        } else if (alg.equals("PS256")) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            s = Signature.getInstance("SHA256withRSA");
        }
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    private static String unsigned(JsonObject claims) {
        return b64(new JsonObject().put("alg", "none").put("kid", "ec-1").encode().getBytes(StandardCharsets.UTF_8))
                + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private String hmac(JsonObject claims) throws Exception {
        String input = b64(new JsonObject().put("alg", "HS256").put("kid", "rsa-1").encode().getBytes(StandardCharsets.UTF_8))
                + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(rsa.getPublic().getEncoded(), "HmacSHA256"));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static JsonObject ecJwk(String kid, ECPublicKey key) {
        return new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", kid).put("use", "sig")
                .put("x", b64(fixed(key.getW().getAffineX(), 32))).put("y", b64(fixed(key.getW().getAffineY(), 32)));
    }

    private static JsonObject rsaJwk(String kid, RSAPublicKey key) {
        return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
                .put("n", b64(unsigned(key.getModulus()))).put("e", b64(unsigned(key.getPublicExponent())));
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] raw = unsigned(v);
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
