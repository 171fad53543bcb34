package org.varde.gateway.access;

import java.time.Instant;

/** A named token as stored, without its secret (which is not stored). */
public record ApiToken(String name, Role role, Instant createdAt, String createdBy, Instant lastUsedAt) {
}
