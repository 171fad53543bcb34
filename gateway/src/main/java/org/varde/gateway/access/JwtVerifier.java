package org.varde.gateway.access;

import io.vertx.core.Future;

import java.util.Optional;

/** Checks a bearer JWT and says who it names, or nobody when it is not valid for this gateway. */
public interface JwtVerifier {

    /** Never fails for a bad token (that is an empty result); fails only when it cannot check at all. */
    Future<Optional<Caller>> verify(String jwt);

    /** Three base64url parts separated by dots (RFC 7519 3, JWS compact serialisation, RFC 7515 7.1). */
    static boolean looksLikeJwt(String text) {
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }
}
