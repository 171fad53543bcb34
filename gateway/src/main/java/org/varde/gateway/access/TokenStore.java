package org.varde.gateway.access;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named API tokens in the gateway's database (table {@code api_tokens}, migration V8): hashes only.
 * Every node sharing the store sees the same tokens; a revoked token is refused on every node from
 * the next request, as each request looks its token up (a primary-key read). Blocking: call it from
 * a worker thread or the command line.
 */
public final class TokenStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;

    public TokenStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Thrown with a message meant for the person creating or revoking a token. */
    public static final class TokenException extends RuntimeException {
        public TokenException(String message) {
            super(message, null, false, false);
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TokenException("a token name is 1..64 letters, digits, '.', '_', '@' or '-', starting with a "
                    + "letter or digit");
        }
    }

    /**
     * Creates a token and returns its secret: the only time it exists outside the caller's hands.
     *
     * @param createdBy "cli", or the caller that asked through the API
     */
    public String create(String name, Role role, String createdBy) {
        checkName(name);
        String secret = TokenSecret.generate();
        try {
            Jdbc.transaction(dataSource, c -> Jdbc.update(c, "INSERT INTO api_tokens (name, role, secret_sha256, "
                            + "created_at, created_by) VALUES (?, ?, ?, ?, ?)", name, role.word(),
                    TokenSecret.hash(secret), clock.instant(), Jdbc.bound(createdBy, 128)));
        } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
                throw new TokenException("a token named \"" + name + "\" exists; revoke it first or choose another name");
            }
            throw new IllegalStateException("cannot store the token: " + e.getMessage(), e);
        }
        return secret;
    }

    public List<ApiToken> list() {
        try {
            return Jdbc.transaction(dataSource, c -> {
                List<ApiToken> tokens = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at, created_by, last_used_at "
                        + "FROM api_tokens ORDER BY name"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(token(rs));
                    }
                }
                return tokens;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tokens: " + e.getMessage(), e);
        }
    }

    /** @return false when no token has that name */
    public boolean revoke(String name) {
        checkName(name);
        try {
            return Jdbc.transaction(dataSource, c -> Jdbc.update(c, "DELETE FROM api_tokens WHERE name = ?", name) == 1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke the token: " + e.getMessage(), e);
        }
    }

    /** The caller a presented secret belongs to; empty for anything that is not a live token's secret. */
    public Optional<Caller> authenticate(String presented) {
        if (!TokenSecret.looksLikeOne(presented)) {
            return Optional.empty();
        }
        // looked up by its hash: what a lookup's timing could tell is about the hash, which says
        // nothing about the secret (a preimage of SHA-256 is out of reach)
        String hash = TokenSecret.hash(presented);
        Instant now = clock.instant();
        try {
            return Jdbc.transaction(dataSource, c -> {
                Optional<ApiToken> token;
                try (PreparedStatement ps = Jdbc.prepare(c, "SELECT name, role, created_at, created_by, last_used_at "
                        + "FROM api_tokens WHERE secret_sha256 = ?", hash); ResultSet rs = ps.executeQuery()) {
                    token = rs.next() ? Optional.of(token(rs)) : Optional.empty();
                }
                if (token.isPresent() && (token.get().lastUsedAt() == null
                        || token.get().lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY)))) {
                    Jdbc.update(c, "UPDATE api_tokens SET last_used_at = ? WHERE secret_sha256 = ?", now, hash);
                }
                return token.map(t -> new Caller(t.name(), t.role(), Caller.Source.TOKEN));
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the token: " + e.getMessage(), e);
        }
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        String word = rs.getString(2);
        Role role = Role.fromWord(word).orElseThrow(() -> new SQLException("unknown role in api_tokens: " + word));
        return new ApiToken(rs.getString(1), role, Jdbc.instant(rs, 3), rs.getString(4), Jdbc.instant(rs, 5));
    }
}
