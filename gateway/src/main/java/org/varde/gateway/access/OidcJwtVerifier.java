package org.varde.gateway.access;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.config.OidcSettings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Bearer JWTs from the hospital's OpenID Connect provider (RFC 7519, RFC 7515), checked with the JDK's
 * own signature code against the provider's published keys (RFC 7517). Deliberately narrow:
 * <ul>
 *   <li>only asymmetric algorithms (RS256/384/512, PS256/384/512, ES256/384/512): {@code none} and the
 *       HMAC family, which would let anyone who knows a public key sign, are refused;</li>
 *   <li>the key is always one of the configured JWKS, chosen by {@code kid}: a token that brings its
 *       own key or certificate ({@code jwk}, {@code jku}, {@code x5c}, {@code x5u}) or a critical
 *       extension ({@code crit}) is refused before anything else;</li>
 *   <li>{@code iss} must equal the configured issuer, {@code aud} must hold the audience, {@code exp}
 *       is required, {@code nbf} and {@code iat} are honoured, with the configured clock skew;</li>
 *   <li>the role comes from the configured claim (a dotted path) through the configured mapping;
 *       a token whose claim maps to no role passes no route.</li>
 * </ul>
 * Keys are read at start, every 15 minutes, and again (at most every 30 s) when a token names a key
 * not yet known, which is how providers roll their keys.
 */
public final class OidcJwtVerifier implements JwtVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(OidcJwtVerifier.class);
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jwk", "jku", "x5c", "x5u", "crit");
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "PS256", "RSASSA-PSS", "PS384", "RSASSA-PSS", "PS512", "RSASSA-PSS",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format",
            "ES512", "SHA512withECDSAinP1363Format");
    private static final Duration REFETCH_AT_MOST = Duration.ofSeconds(30);
    private static final Duration REFRESH_EVERY = Duration.ofMinutes(15);
    private static final int MAX_TOKEN = 16 * 1024;

    private final Vertx vertx;
    private final OidcSettings settings;
    private final Clock clock;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile Instant lastFetch = Instant.EPOCH;

    public OidcJwtVerifier(Vertx vertx, OidcSettings settings, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
    }

    /** Loads the keys; the gateway does not start with an OIDC section whose keys cannot be read. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            loadKeys();
            if (keys.isEmpty()) {
                throw new IllegalStateException("http.oidc: the provider's key set holds no usable RS/PS/ES key");
            }
            return null;
        }, false);
    }

    @Override
    public Future<Optional<Caller>> verify(String jwt) {
        return vertx.executeBlocking(() -> check(jwt), false);
    }

    Optional<Caller> check(String jwt) {
        try {
            return Optional.ofNullable(checked(jwt));
        } catch (RuntimeException | GeneralSecurityException e) {
            LOG.info("bearer JWT refused: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private Caller checked(String jwt) throws GeneralSecurityException {
        if (jwt.length() > MAX_TOKEN) {
            throw new IllegalArgumentException("token longer than " + MAX_TOKEN + " characters");
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialisation");
        }
        JsonObject header = json(parts[0]);
        for (String name : FORBIDDEN_HEADERS) {
            if (header.containsKey(name)) {
                throw new IllegalArgumentException("header " + name + " is not accepted: keys come from the configured JWKS only");
            }
        }
        String alg = header.getString("alg");
        String jca = ALGORITHMS.get(alg);
        if (jca == null) {
            throw new IllegalArgumentException("algorithm " + alg + " is not accepted");
        }
        String kid = header.getString("kid");
        if (kid == null) {
            throw new IllegalArgumentException("no kid");
        }
        PublicKey key = key(kid);
        if (key == null) {
            throw new IllegalArgumentException("unknown kid " + kid);
        }
        if (!key.getAlgorithm().equals(alg.startsWith("ES") ? "EC" : "RSA")) {
            throw new IllegalArgumentException("key " + kid + " is not a key for " + alg);
        }
        Signature signature = Signature.getInstance(jca);
        if (alg.startsWith("PS")) {
            int bits = Integer.parseInt(alg.substring(2));
            signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-" + bits, "MGF1",
                    new java.security.spec.MGF1ParameterSpec("SHA-" + bits), bits / 8, 1));
        }
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new IllegalArgumentException("bad signature");
        }
        JsonObject claims = json(parts[1]);
        checkClaims(claims);
        Role role = role(claims);
        if (role == null) {
            throw new IllegalArgumentException("claim " + settings.roleClaim() + " maps to no role");
        }
        String name = claims.getString("preferred_username", claims.getString("sub", "unknown"));
        return new Caller(name, role, Caller.Source.OIDC);
    }

    private void checkClaims(JsonObject claims) {
        if (!settings.issuer().equals(claims.getString("iss"))) {
            throw new IllegalArgumentException("issuer " + claims.getString("iss") + " is not " + settings.issuer());
        }
        Object aud = claims.getValue("aud");
        boolean audienceOk = aud instanceof String s ? s.equals(settings.audience())
                : aud instanceof JsonArray a && a.contains(settings.audience());
        if (!audienceOk) {
            throw new IllegalArgumentException("audience does not hold " + settings.audience());
        }
        long now = clock.instant().getEpochSecond();
        long skew = settings.clockSkew().toSeconds();
        Long exp = number(claims, "exp");
        if (exp == null) {
            throw new IllegalArgumentException("no exp");
        }
        if (now > exp + skew) {
            throw new IllegalArgumentException("expired");
        }
        Long nbf = number(claims, "nbf");
        if (nbf != null && now + skew < nbf) {
            throw new IllegalArgumentException("not valid yet");
        }
        Long iat = number(claims, "iat");
        if (iat != null && now + skew < iat) {
            throw new IllegalArgumentException("issued in the future");
        }
    }

    private Role role(JsonObject claims) {
        Object value = claims;
        for (String step : settings.roleClaim().split("\\.")) {
            value = value instanceof JsonObject o ? o.getValue(step) : null;
        }
        Role best = null;
        Iterable<?> values = value instanceof JsonArray a ? a : value == null ? java.util.List.of() : java.util.List.of(value);
        for (Object v : values) {
            Role r = settings.roles().get(String.valueOf(v));
            if (r != null && (best == null || r.outranks(best))) {
                best = r;
            }
        }
        return best;
    }

    private static Long number(JsonObject claims, String name) {
        Object v = claims.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        return n.longValue();
    }

    private static JsonObject json(String part) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private PublicKey key(String kid) {
        Instant now = clock.instant();
        PublicKey key = keys.get(kid);
        boolean stale = now.isAfter(lastFetch.plus(REFRESH_EVERY));
        if ((key == null && now.isAfter(lastFetch.plus(REFETCH_AT_MOST))) || stale) {
            try {
                loadKeys();
            } catch (IOException | RuntimeException e) {
                // the keys held stay in use: a provider that is briefly away locks nobody out
                LOG.warn("cannot refresh the OIDC key set: {}", e.toString());
            }
            key = keys.get(kid);
        }
        return key;
    }

    private void loadKeys() throws IOException {
        String text;
        lastFetch = clock.instant();
        if (settings.jwksFile() != null) {
            text = Files.readString(settings.jwksFile());
        } else {
            try {
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(settings.jwksUrl()).timeout(Duration.ofSeconds(10)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("JWKS " + settings.jwksUrl() + " answered HTTP " + response.statusCode());
                }
                text = response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted fetching the JWKS", e);
            }
        }
        Map<String, PublicKey> loaded = new HashMap<>();
        JsonArray list = new JsonObject(text).getJsonArray("keys", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject jwk = list.getJsonObject(i);
            String kid = jwk.getString("kid");
            if (kid == null || "enc".equals(jwk.getString("use"))) {
                continue;
            }
            try {
                loaded.put(kid, publicKey(jwk));
            } catch (GeneralSecurityException | RuntimeException e) {
                LOG.warn("OIDC key {} skipped: {}", kid, e.getMessage());
            }
        }
        if (loaded.isEmpty() && !keys.isEmpty()) {
            throw new IOException("the key set read holds no usable key; keeping the keys held");
        }
        keys.clear();
        keys.putAll(loaded);
    }

    private static PublicKey publicKey(JsonObject jwk) throws GeneralSecurityException {
        String kty = jwk.getString("kty");
        if ("RSA".equals(kty)) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")));
        }
        if ("EC".equals(kty)) {
            String curve = switch (jwk.getString("crv", "")) {
                case "P-256" -> "secp256r1";
                case "P-384" -> "secp384r1";
                case "P-521" -> "secp521r1";
                default -> throw new GeneralSecurityException("unsupported curve " + jwk.getString("crv"));
            };
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), spec));
        }
        throw new GeneralSecurityException("key type " + kty + " is not accepted");
    }

    private static BigInteger big(JsonObject jwk, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString(name)));
    }
}
