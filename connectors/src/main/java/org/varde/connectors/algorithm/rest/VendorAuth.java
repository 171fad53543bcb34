package org.varde.connectors.algorithm.rest;

import io.vertx.core.http.RequestOptions;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How Varde proves itself to a vendor's API: nothing, a bearer token (RFC 6750) or an API key in a
 * header the vendor names. The secret is read from a file beside the catalogue (never written in
 * the catalogue itself, which the API shows), once, when the catalogue is loaded.
 *
 * <pre>
 * auth: {bearerTokenFile: vendor.token}
 * auth: {apiKeyHeader: X-Api-Key, apiKeyFile: vendor.key}
 * </pre>
 */
public final class VendorAuth {
    /** A secret longer than this is refused: a token is a few hundred bytes, not a file picked by mistake. */
    static final int MAX_SECRET_BYTES = 8192;
    public static final VendorAuth NONE = new VendorAuth("none", null, null);

    private final String type;
    private final String header;
    private final String value;

    private VendorAuth(String type, String header, String value) {
        this.type = type;
        this.header = header;
        this.value = value;
    }

    public static VendorAuth bearer(String token) {
        return new VendorAuth("bearer", "Authorization", "Bearer " + Objects.requireNonNull(token));
    }

    public static VendorAuth apiKey(String header, String key) {
        return new VendorAuth("apiKey", Objects.requireNonNull(header), Objects.requireNonNull(key));
    }

    /** The {@code auth:} block of a REST endpoint, or {@link #NONE} when absent. */
    static VendorAuth read(ConfigBlock endpoint) throws ConfigBlockException {
        if (!endpoint.has("auth")) {
            return NONE;
        }
        ConfigBlock block = endpoint.mapping("auth");
        String bearerFile = block.optionalText("bearerTokenFile");
        String keyHeader = block.optionalText("apiKeyHeader");
        String keyFile = block.optionalText("apiKeyFile");
        block.refuseUnknownKeys();
        if (bearerFile != null && (keyHeader != null || keyFile != null)) {
            throw block.problem("bearerTokenFile", "give either bearerTokenFile or apiKeyHeader with apiKeyFile, not both");
        }
        if (bearerFile != null) {
            return bearer(secret(block, "bearerTokenFile", bearerFile));
        }
        if (keyHeader == null || keyFile == null) {
            throw block.problem(keyHeader == null ? "apiKeyHeader" : "apiKeyFile",
                    "is required: auth takes bearerTokenFile, or apiKeyHeader with apiKeyFile");
        }
        // RFC 9110 5.1: a field name is a token
        if (!keyHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
            throw block.problem("apiKeyHeader", "must be an HTTP header name, was \"" + keyHeader + "\"");
        }
        return apiKey(keyHeader, secret(block, "apiKeyFile", keyFile));
    }

    private static String secret(ConfigBlock block, String key, String file) throws ConfigBlockException {
        Path path = block.baseDir().resolve(file);
        try {
            if (Files.size(path) > MAX_SECRET_BYTES) {
                throw block.problem(key, "the file is larger than " + MAX_SECRET_BYTES + " bytes: not a token");
            }
            String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
            // a line break or control character would split the header (request smuggling)
            if (secret.isEmpty() || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw block.problem(key, "the file must hold one token of printable ASCII without spaces");
            }
            return secret;
        } catch (IOException e) {
            throw block.problem(key, "cannot read the secret file: " + e.getClass().getSimpleName());
        }
    }

    /** Adds the credential to a request. */
    public RequestOptions applyTo(RequestOptions options) {
        if (header != null) {
            options.putHeader(header, value);
        }
        return options;
    }

    /** For the API's view of the endpoint: the kind, never the secret. */
    public Map<String, Object> settings() {
        return header == null || "bearer".equals(type) ? Map.of("type", type) : Map.of("type", type, "header", header);
    }

    @Override
    public String toString() {
        return "VendorAuth[" + type + "]";
    }
}
