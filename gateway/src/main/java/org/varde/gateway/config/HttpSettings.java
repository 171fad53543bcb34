package org.varde.gateway.config;

import java.util.List;

/**
 * The {@code http} section.
 *
 * @param apiTokens      bearer tokens accepted on {@code /api/**}; none means the API refuses everyone
 * @param tls            HTTPS, or null for plain HTTP
 * @param allowPlainHttp plain HTTP on a non-loopback address (behind a TLS-terminating proxy); the
 *                       config loader refuses such a bind without it
 */
public record HttpSettings(String bind, int port, List<String> apiTokens, HttpTls tls, boolean allowPlainHttp) {
    public HttpSettings {
        apiTokens = List.copyOf(apiTokens);
    }

    /** Plain HTTP (on loopback, or where the caller checked the bind). */
    public HttpSettings(String bind, int port, List<String> apiTokens) {
        this(bind, port, apiTokens, null, false);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(bind, newPort, apiTokens, tls, allowPlainHttp);
    }

    public HttpSettings withTls(HttpTls newTls, boolean plainHttpAllowed) {
        return new HttpSettings(bind, port, apiTokens, newTls, plainHttpAllowed);
    }
}
