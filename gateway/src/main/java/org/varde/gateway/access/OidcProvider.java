package org.varde.gateway.access;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.OidcLogin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The gateway's side of the hospital's OpenID Connect provider for the web UI's log-in: where its
 * endpoints are (configured, else its discovery document, OIDC Discovery 1.0 section 4, whose
 * {@code issuer} must be the configured one exactly, 4.3) and the code exchange at its token
 * endpoint (RFC 6749 4.1.3 with RFC 7636 4.5's {@code code_verifier}). Blocking: call on a worker.
 * Answers are read up to {@value #MAX_ANSWER} bytes.
 */
public final class OidcProvider {
    static final int MAX_ANSWER = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Where the browser logs in, where the gateway exchanges the code, where the browser logs out (or null). */
    public record Endpoints(URI authorization, URI token, URI endSession) {
    }

    /** What the token endpoint gave. */
    public record Tokens(String accessToken, String idToken, Long expiresIn) {
    }

    /** The provider refused the exchange (RFC 6749 5.2): its error code, in its words. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final String issuer;
    private final OidcLogin login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Endpoints endpoints;

    public OidcProvider(String issuer, OidcLogin login) {
        this.issuer = issuer;
        this.login = login;
    }

    /** The configured endpoints, the rest from discovery (read once, then kept). */
    public Endpoints endpoints() throws IOException, InterruptedException {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        boolean complete = login.authorizationEndpoint() != null && login.tokenEndpoint() != null;
        JsonObject discovery = complete ? new JsonObject() : discover();
        known = new Endpoints(pick(login.authorizationEndpoint(), discovery, "authorization_endpoint"),
                pick(login.tokenEndpoint(), discovery, "token_endpoint"),
                login.endSessionEndpoint() != null || discovery.getValue("end_session_endpoint") != null
                        ? pick(login.endSessionEndpoint(), discovery, "end_session_endpoint") : null);
        endpoints = known;
        return known;
    }

    /** @throws Refused when the provider answers with an error (a used or wrong code, a verifier that does not match) */
    public Tokens exchange(String code, String codeVerifier, String redirectUri)
            throws IOException, InterruptedException, Refused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", login.clientId());
        form.put("code_verifier", codeVerifier);
        String encoded = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(endpoints().token()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofInputStream());
        JsonObject body = json(answer.body(), "token endpoint");
        if (answer.statusCode() != 200) {
            String error = words(body.getValue("error"));
            String description = words(body.getValue("error_description"));
            throw new Refused("the identity provider refused the code: " + (error == null ? "HTTP " + answer.statusCode() : error)
                    + (description == null ? "" : " (" + description + ")"));
        }
        if (!(body.getValue("access_token") instanceof String access) || !"bearer".equalsIgnoreCase(body.getString("token_type", ""))) {
            throw new IOException("the token endpoint gave no bearer access_token");
        }
        Object expires = body.getValue("expires_in");
        return new Tokens(access, body.getValue("id_token") instanceof String id ? id : null,
                expires instanceof Number n ? n.longValue() : null);
    }

    private JsonObject discover() throws IOException, InterruptedException {
        URI uri = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            ConfigLoader.providerUrl("http.oidc.issuer", uri.toString());
        } catch (ConfigException e) {
            throw new IOException(e.getMessage());
        }
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        JsonObject document = json(answer.body(), "discovery document");
        if (answer.statusCode() != 200) {
            throw new IOException(uri + " answered " + answer.statusCode());
        }
        if (!issuer.equals(document.getString("issuer"))) {
            // OIDC Discovery 4.3: a document for another issuer is not this provider's
            throw new IOException("the discovery document names issuer " + document.getValue("issuer") + ", not " + issuer);
        }
        return document;
    }

    private static URI pick(URI configured, JsonObject discovery, String key) throws IOException {
        if (configured != null) {
            return configured;
        }
        if (!(discovery.getValue(key) instanceof String text)) {
            throw new IOException("the discovery document has no " + key);
        }
        try {
            return ConfigLoader.providerUrl(key, text);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage());
        }
    }

    private static JsonObject json(InputStream in, String what) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_ANSWER + 1);
            if (bytes.length > MAX_ANSWER) {
                throw new IOException("the " + what + " is longer than " + MAX_ANSWER + " bytes");
            }
            return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IOException("the " + what + " is not a JSON object");
        }
    }

    /** The provider's own words, bounded and printable: they end up in a log line and an answer. */
    private static String words(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
