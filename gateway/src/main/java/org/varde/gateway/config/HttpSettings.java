package org.varde.gateway.config;

import java.time.Duration;

/**
 * The {@code http} section. API credentials are not here: named tokens live in the database
 * ({@code ./varde token create}), and {@code oidc} names the hospital's identity provider.
 *
 * @param idleTimeout    a connection with no traffic this long is closed
 * @param maxConnections connections over this many are closed as they are accepted
 * @param oidc           bearer JWTs from an OpenID Connect provider, or null
 * @param demoToken      accept the demo token; set only by {@code ./varde demo}, never read from a file
 * @param tls            HTTPS, or null for plain HTTP
 * @param allowPlainHttp plain HTTP on a non-loopback address (behind a TLS-terminating proxy); the
 *                       config loader refuses such a bind without it
 */
public record HttpSettings(String bind, int port, Duration idleTimeout, int maxConnections, OidcSettings oidc,
                           boolean demoToken, HttpTls tls, boolean allowPlainHttp) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    /** Plain HTTP with the defaults on a bind address and port (loopback, or where the caller checked the bind). */
    public static HttpSettings on(String bind, int port) {
        return new HttpSettings(bind, port, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, null, false, null, false);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(bind, newPort, idleTimeout, maxConnections, oidc, demoToken, tls, allowPlainHttp);
    }

    public HttpSettings withLimits(Duration newIdleTimeout, int newMaxConnections) {
        return new HttpSettings(bind, port, newIdleTimeout, newMaxConnections, oidc, demoToken, tls, allowPlainHttp);
    }

    public HttpSettings withOidc(OidcSettings newOidc) {
        return new HttpSettings(bind, port, idleTimeout, maxConnections, newOidc, demoToken, tls, allowPlainHttp);
    }

    /** For {@code ./varde demo} only. */
    public HttpSettings withDemoToken() {
        return new HttpSettings(bind, port, idleTimeout, maxConnections, oidc, true, tls, allowPlainHttp);
    }

    public HttpSettings withTls(HttpTls newTls, boolean plainHttpAllowed) {
        return new HttpSettings(bind, port, idleTimeout, maxConnections, oidc, demoToken, newTls, plainHttpAllowed);
    }
}
