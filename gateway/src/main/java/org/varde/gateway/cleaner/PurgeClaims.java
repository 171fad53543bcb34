package org.varde.gateway.cleaner;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code retention_purges} rows (V24): a purge is claimed here before a file goes, under a lease,
 * so that of several nodes sharing the store exactly one purges a study, and a purge a crash cut short
 * stays PURGING until a run takes it over (its own node at once, any other once the lease ran out).
 * The same conventions as the job store: conditional updates that name what was read, so the one
 * whose update changed a row has the claim; no vendor upsert, the same SQL on H2 and PostgreSQL.
 */
public final class PurgeClaims {
    private final DataSource dataSource;

    public PurgeClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A purge this node holds: the reason and words it was decided with, and when it started (instances
     * received after that are not part of it).
     */
    public record Claim(String studyInstanceUid, PurgeReason reason, String detail, Instant startedAt) {
    }

    /**
     * Claims a new purge of {@code study}; empty when another node holds one. A purge of the study
     * left PURGING is taken over instead (when its lease ran out or it is this node's), with its own
     * reason: what was decided is finished, not decided again.
     */
    public Optional<Claim> claim(String study, PurgeReason reason, String detail, String node, Instant now,
                                 Duration lease) throws SQLException {
        Optional<Row> row = read(study);
        if (row.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                Jdbc.update(c, "INSERT INTO retention_purges (study_instance_uid, state, reason, detail, started_at, "
                                + "lease_owner, lease_expires_at) VALUES (?, 'PURGING', ?, ?, ?, ?, ?)",
                        study, reason.name(), Jdbc.bound(detail, 1000), now, node, now.plus(lease));
                return Optional.of(new Claim(study, reason, detail, now));
            } catch (SQLException e) {
                if (Jdbc.isDuplicate(e)) {
                    return Optional.empty(); // another node claimed it a moment ago
                }
                throw e;
            }
        }
        Row r = row.get();
        if (r.state.equals("PURGING")) {
            return takeOver(r, node, now, lease);
        }
        try (Connection c = dataSource.getConnection()) {
            int changed = Jdbc.update(c, "UPDATE retention_purges SET state = 'PURGING', reason = ?, detail = ?, "
                            + "started_at = ?, lease_owner = ?, lease_expires_at = ?, finished_at = NULL "
                            + "WHERE study_instance_uid = ? AND state = 'DONE' AND purges = ?",
                    reason.name(), Jdbc.bound(detail, 1000), now, node, now.plus(lease), study, r.purges);
            return changed == 1 ? Optional.of(new Claim(study, reason, detail, now)) : Optional.empty();
        }
    }

    /** Purges left PURGING by a crash or a dead node, taken over by this node: finish each. */
    public List<Claim> takeOverUnfinished(String node, Instant now, Duration lease) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + Row.COLUMNS + " FROM retention_purges "
                     + "WHERE state = 'PURGING' AND (lease_expires_at < ? OR lease_owner = ?) "
                     + "ORDER BY started_at", now, node);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(Row.of(rs));
            }
        }
        List<Claim> claims = new ArrayList<>();
        for (Row r : rows) {
            takeOver(r, node, now, lease).ifPresent(claims::add);
        }
        return claims;
    }

    private Optional<Claim> takeOver(Row r, String node, Instant now, Duration lease) throws SQLException {
        if (!Objects.equals(r.owner, node) && r.leaseExpiresAt != null && !r.leaseExpiresAt.isBefore(now)) {
            return Optional.empty(); // another node is purging it now
        }
        try (Connection c = dataSource.getConnection()) {
            // names the lease it read: of two nodes taking over at once, one changes the row
            int changed = Jdbc.update(c, "UPDATE retention_purges SET lease_owner = ?, lease_expires_at = ? "
                            + "WHERE study_instance_uid = ? AND state = 'PURGING' AND lease_owner = ? "
                            + "AND lease_expires_at = ?",
                    node, now.plus(lease), r.study, r.owner, r.leaseExpiresAt);
            return changed == 1 ? Optional.of(new Claim(r.study, PurgeReason.valueOf(r.reason), r.detail, r.startedAt))
                    : Optional.empty();
        }
    }

    /**
     * In the purge's last transaction: the row DONE with what was removed. False when this node no
     * longer holds the claim (its lease ran out and another node took the purge over: it finishes it).
     */
    boolean markDone(Connection c, Claim claim, String node, Instant now, int instances, int objects, long bytes)
            throws SQLException {
        return Jdbc.update(c, "UPDATE retention_purges SET state = 'DONE', finished_at = ?, lease_owner = NULL, "
                        + "lease_expires_at = NULL, instances_removed = ?, objects_removed = ?, bytes_removed = ?, "
                        + "purges = purges + 1 WHERE study_instance_uid = ? AND state = 'PURGING' AND lease_owner = ?",
                now, instances, objects, bytes, claim.studyInstanceUid(), node) == 1;
    }

    /** Studies purged so far (the API's count), and purges not yet finished. */
    public record Counts(long purged, long purging) {
    }

    public Counts counts() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END), "
                     + "SUM(CASE WHEN state = 'PURGING' THEN 1 ELSE 0 END) FROM retention_purges");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2));
        }
    }

    private Optional<Row> read(String study) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + Row.COLUMNS + " FROM retention_purges "
                     + "WHERE study_instance_uid = ?", study);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Row.of(rs)) : Optional.empty();
        }
    }

    private record Row(String study, String state, String reason, String detail, Instant startedAt, String owner,
                       Instant leaseExpiresAt, int purges) {
        static final String COLUMNS = "study_instance_uid, state, reason, detail, started_at, lease_owner, "
                + "lease_expires_at, purges";

        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, 5),
                    rs.getString(6), Jdbc.instant(rs, 7), rs.getInt(8));
        }
    }
}
