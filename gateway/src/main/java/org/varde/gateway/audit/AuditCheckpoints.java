package org.varde.gateway.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of the audit chain ({@code audit_checkpoints}, V35), and the end of an audit
 * row's retention. A checkpoint is taken under the chain head's lock, so it names a row that exists
 * with the hash it has, whatever node appends. Old rows are removed only up to a checkpoint older
 * than the retention: the chain that stays starts with a row whose {@code prev_hash} a signature
 * vouches for, and {@link AuditLog#verify} still proves everything kept.
 */
public final class AuditCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final String COLUMNS = "seq, at, hash, key_id, signature";

    private final DataSource dataSource;
    private final Clock clock;

    public AuditCheckpoints(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Signs the chain's head unless it is already signed (or empty). Blocking.
     *
     * @return the new checkpoint
     */
    public Optional<Checkpoint> take(PrivateKey key, String keyId) throws SQLException {
        return Jdbc.transaction(dataSource, c -> {
            AuditHead head = AuditHead.lock(c);
            long seq = head.seq();
            String hash = head.hash();
            if (seq == 0 || exists(c, seq)) {
                return Optional.<Checkpoint>empty();
            }
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.sign(seq, AuditChain.truncate(clock.instant()), hash, key, keyId);
            } catch (GeneralSecurityException e) {
                throw new SQLException("cannot sign the audit checkpoint: " + e.getMessage(), e);
            }
            Jdbc.update(c, "INSERT INTO audit_checkpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", checkpoint.seq(),
                    checkpoint.at(), checkpoint.hash(), checkpoint.keyId(), checkpoint.signature());
            return Optional.of(checkpoint);
        });
    }

    public List<Checkpoint> all() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return all(c);
        }
    }

    static List<Checkpoint> all(Connection c) throws SQLException {
        List<Checkpoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_checkpoints ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Checkpoint(rs.getLong(1), Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return out;
    }

    /**
     * Removes the rows whose retention ended: those up to the newest checkpoint taken before
     * {@code now - retention} (every row it covers is older than it), and records that it did.
     * Without such a checkpoint nothing is removed: an unsigned start could not be verified.
     *
     * @return the rows removed
     */
    public int prune(Duration retention, AuditTrail trail) throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        record Pruned(long upTo, int rows) {
        }
        Pruned pruned = Jdbc.transaction(dataSource, c -> {
            long anchor;
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT MAX(seq) FROM audit_checkpoints WHERE at < ?", cutoff);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                anchor = rs.getLong(1);
            }
            if (anchor == 0) {
                return new Pruned(0, 0);
            }
            return new Pruned(anchor, Jdbc.update(c, "DELETE FROM audit_events WHERE seq <= ?", anchor));
        });
        if (pruned.rows() > 0) {
            LOG.info("audit retention: {} events up to seq {} removed (older than {} days)", pruned.rows(),
                    pruned.upTo(), retention.toDays());
            trail.record(AuditEntry.of(Actor.system("audit retention"), AuditAction.AUDIT_PRUNED)
                    .detail(pruned.rows() + " events up to seq " + pruned.upTo() + " removed: older than "
                            + retention.toDays() + " days; the signed checkpoint at seq " + pruned.upTo()
                            + " vouches for the first event kept"));
        }
        return pruned.rows();
    }

    private static boolean exists(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT 1 FROM audit_checkpoints WHERE seq = ?", seq);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }
}
