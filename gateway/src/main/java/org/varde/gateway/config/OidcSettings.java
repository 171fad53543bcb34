package org.varde.gateway.config;

import org.varde.gateway.access.Role;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code http.oidc} section: bearer JWTs issued by the hospital's OpenID Connect provider.
 *
 * @param issuer    the {@code iss} a token must carry, exactly (OIDC Core 3.1.3.7)
 * @param audience  a value the token's {@code aud} must hold: this gateway's client id
 * @param jwksUrl   where the provider publishes its signing keys (its {@code jwks_uri}); or null
 * @param jwksFile  the same keys in a file, for a provider the gateway cannot reach; or null
 * @param roleClaim the claim holding the user's roles or groups; a dotted path reaches into an object
 *                  ({@code realm_access.roles})
 * @param roles     a value of that claim mapped to a Varde role; the highest role found wins
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param login     the web UI's log-in by redirect to the provider, or null (tokens are pasted)
 */
public record OidcSettings(String issuer, String audience, URI jwksUrl, Path jwksFile, String roleClaim,
                           Map<String, Role> roles, Duration clockSkew, OidcLogin login) {
    public OidcSettings {
        roles = Map.copyOf(roles);
    }

    /** Bearer tokens only, no log-in by redirect. */
    public OidcSettings(String issuer, String audience, URI jwksUrl, Path jwksFile, String roleClaim,
                        Map<String, Role> roles, Duration clockSkew) {
        this(issuer, audience, jwksUrl, jwksFile, roleClaim, roles, clockSkew, null);
    }

    public OidcSettings withLogin(OidcLogin newLogin) {
        return new OidcSettings(issuer, audience, jwksUrl, jwksFile, roleClaim, roles, clockSkew, newLogin);
    }
}
