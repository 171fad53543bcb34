package org.varde.gateway.access;

/**
 * Who called the API, as established by a credential: a named token, an OpenID Connect token or
 * the demo token.
 *
 * @param name the token's name or the OIDC user ({@code preferred_username}, else {@code sub}): what
 *             logs and "created by" show; never a secret
 */
public record Caller(String name, Role role, Source source) {

    public enum Source {
        TOKEN, OIDC, DEMO
    }

    /** For logs: {@code token alice}, {@code oidc j.hansen}. */
    public String describe() {
        return source.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }
}
