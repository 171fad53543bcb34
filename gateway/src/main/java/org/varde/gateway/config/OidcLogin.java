package org.varde.gateway.config;

import java.net.URI;

/**
 * The {@code http.oidc.login} section: the web UI's log-in by redirect to the provider, the
 * authorization code flow with PKCE (RFC 6749 4.1, RFC 7636) for a public client. The endpoints
 * left out are read from the provider's discovery document ({@code issuer}/.well-known/openid-configuration).
 *
 * @param clientId              the UI's client id at the provider (a public client: no secret)
 * @param scope                 the scopes asked for; {@code openid} at least
 * @param authorizationEndpoint where the browser is sent to log in; or null (discovery)
 * @param tokenEndpoint         where the gateway exchanges the code; or null (discovery)
 * @param endSessionEndpoint    where the browser is sent to log out at the provider too; or null
 *                              (discovery, which may have none: then a log-out ends the UI's session only)
 */
public record OidcLogin(String clientId, String scope, URI authorizationEndpoint, URI tokenEndpoint,
                        URI endSessionEndpoint) {
}
