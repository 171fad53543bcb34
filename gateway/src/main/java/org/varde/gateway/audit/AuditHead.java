package org.varde.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The chain's head ({@code audit_head}, one row): the last event's sequence number and hash. Every
 * append and every checkpoint takes it with {@link #lock}, which is how all nodes sharing a store
 * write one chain.
 */
public record AuditHead(long seq, String hash) {
    private static final String SELECT = "SELECT last_seq, last_hash FROM audit_head WHERE id = 1";

    /** Reads the head and holds its row lock until the transaction ends. */
    static AuditHead lock(Connection c) throws SQLException {
        return read(c, SELECT + " FOR UPDATE").orElseThrow(
                () -> new SQLException("audit_head has no row: the audit log's schema is damaged"));
    }

    /** The head as committed; empty when its row is missing (a damaged schema). */
    public static Optional<AuditHead> read(Connection c) throws SQLException {
        return read(c, SELECT);
    }

    private static Optional<AuditHead> read(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new AuditHead(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }
}
