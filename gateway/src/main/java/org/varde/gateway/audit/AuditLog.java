package org.varde.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.sites.StudySites;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit log in the store (V16 {@code audit_events}), append-only and hash-chained. An append
 * locks the one {@code audit_head} row ({@code SELECT ... FOR UPDATE}, the same on H2 and
 * PostgreSQL), so appends from every node sharing the store are serialised: each row links to the
 * row before it whatever node wrote that. The event's site is the site its study was given at
 * arrival, read in the same transaction.
 */
public final class AuditLog implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String COLUMNS = "seq, at, node, actor_kind, actor, action, outcome, study_instance_uid, "
            + "job_id, algorithm_id, site, target, detail, prev_hash, hash";
    /** Rows read per page while verifying: the chain may be years long, memory stays flat. */
    private static final int VERIFY_PAGE = 1000;

    private final DataSource dataSource;
    private final Clock clock;
    private final String node;
    private final Counter failures;

    /** @param registry for {@code varde_audit_append_failures_total} and {@code varde_audit_events_total}; may be null */
    public AuditLog(DataSource dataSource, Clock clock, String node, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.node = node;
        this.failures = registry == null ? null : Counter.builder("varde_audit_append_failures_total")
                .description("Audit events that could not be appended (logged at ERROR)").register(registry);
    }

    /** {@link AuditTrail}: appends, and logs and counts a failure instead of throwing. */
    @Override
    public void record(AuditEntry entry) {
        try {
            append(entry);
        } catch (SQLException | RuntimeException e) {
            if (failures != null) {
                failures.increment();
            }
            LOG.error("audit event {} of {} {} (job {}) NOT recorded: {}", entry.action(), entry.actor().kind(),
                    entry.actor().name(), entry.jobId(), e.toString());
        }
    }

    /** Appends one event under the chain's lock and returns it as stored. Blocking. */
    public AuditEvent append(AuditEntry entry) throws SQLException {
        return Jdbc.transaction(dataSource, c -> appendIn(c, entry));
    }

    /**
     * Appends one event inside the caller's transaction: the event commits with the caller's work or
     * not at all (the cleaner's purge and its PURGE event). The chain's lock is held until that commit,
     * so keep the rest of the transaction short.
     */
    public AuditEvent appendIn(Connection c, AuditEntry entry) throws SQLException {
        AuditEntry bounded = bound(entry);
        AuditHead head = AuditHead.lock(c);
        long lastSeq = head.seq();
        String lastHash = head.hash();
        String site = bounded.studyInstanceUid() == null ? null
                : StudySites.siteOf(c, bounded.studyInstanceUid()).orElse(null);
        Instant at = AuditChain.truncate(clock.instant());
        long seq = lastSeq + 1;
        String hash = AuditChain.hash(lastHash, AuditChain.canonical(seq, at, node, bounded, site));
        Jdbc.update(c, "INSERT INTO audit_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, at, node, bounded.actor().kind().name(), bounded.actor().name(),
                bounded.action().name(), bounded.outcome().name(), bounded.studyInstanceUid(), bounded.jobId(),
                bounded.algorithmId(), site, bounded.target(), bounded.detail(), lastHash, hash);
        Jdbc.update(c, "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
        return new AuditEvent(seq, at, node, bounded, site, lastHash, hash);
    }

    /** Events with {@code from <= at < to} (either may be null: open), oldest first, at most {@code limit}. */
    public List<AuditEvent> between(Instant from, Instant to, int limit) throws SQLException {
        List<AuditEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM audit_events WHERE at >= ? AND at < ? "
                     + "ORDER BY seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                     from == null ? Instant.EPOCH : from, to == null ? Instant.parse("9999-12-31T00:00:00Z") : to);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(row(rs));
            }
        }
        return events;
    }

    /** Events after {@code seq} in chain order, at most {@code limit}: what an exporter sends next. */
    public List<AuditEvent> after(long seq, int limit) throws SQLException {
        List<AuditEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM audit_events WHERE seq > ? "
                     + "ORDER BY seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", seq);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(row(rs));
            }
        }
        return events;
    }

    /** Events of one study, oldest first. */
    public List<AuditEvent> forStudy(String studyInstanceUid) throws SQLException {
        List<AuditEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM audit_events "
                     + "WHERE study_instance_uid = ? ORDER BY seq", studyInstanceUid);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(row(rs));
            }
        }
        return events;
    }

    /**
     * {@link #verify(PublicKey)} without checking signatures: the chain's links, and each signed
     * checkpoint's hash against its row.
     */
    public ChainReport verify() throws SQLException {
        return verify(null);
    }

    /**
     * Recomputes the chain from the first row kept: each row must follow the one before it (seq + 1),
     * name its hash as {@code prev_hash}, and carry the hash of its own content; the head must name
     * the last row. The first row that does not is reported: a changed row fails its own hash, a
     * removed one leaves a gap, reordered rows fail their links, a cut tail disagrees with the head.
     * Rows removed at the end of their retention must end at a signed checkpoint that vouches for the
     * first row kept, and every checkpoint must name its row's hash: a chain rewritten after a
     * checkpoint, hashes recomputed and all, fails there. With {@code key}, every checkpoint's
     * signature is checked too.
     */
    public ChainReport verify(PublicKey key) throws SQLException {
        long[] rows = {0};
        try (Connection c = dataSource.getConnection()) {
            Map<Long, Checkpoint> checkpoints = new HashMap<>();
            for (Checkpoint checkpoint : AuditCheckpoints.all(c)) {
                if (key != null && !checkpoint.verifies(key)) {
                    return ChainReport.broken(0, checkpoint.seq(), "the checkpoint at seq " + checkpoint.seq()
                            + " is not signed by the key given (key id " + CheckpointKeys.keyId(key) + ", the "
                            + "checkpoint names " + checkpoint.keyId() + ")");
                }
                checkpoints.put(checkpoint.seq(), checkpoint);
            }
            long first = firstSeq(c);
            long expectedSeq = first;
            String expectedPrev = AuditChain.GENESIS;
            if (first > 1) {
                Checkpoint anchor = checkpoints.get(first - 1);
                if (anchor == null) {
                    return ChainReport.broken(0, first, "rows before seq " + first + " were removed and no signed "
                            + "checkpoint names seq " + (first - 1));
                }
                expectedPrev = anchor.hash();
            }
            while (true) {
                List<AuditEvent> page = page(c, expectedSeq - 1);
                for (AuditEvent row : page) {
                    rows[0]++;
                    if (row.seq() != expectedSeq) {
                        return ChainReport.broken(rows[0], expectedSeq, "row " + expectedSeq + " is missing (next is "
                                + row.seq() + ")");
                    }
                    if (!row.prevHash().equals(expectedPrev)) {
                        return ChainReport.broken(rows[0], row.seq(), "prev_hash does not name the row before it");
                    }
                    if (!AuditChain.hashOf(row).equals(row.hash())) {
                        return ChainReport.broken(rows[0], row.seq(), "the row's content does not match its hash "
                                + "(changed after it was written)");
                    }
                    Checkpoint signed = checkpoints.get(row.seq());
                    if (signed != null && !signed.hash().equals(row.hash())) {
                        return ChainReport.broken(rows[0], row.seq(), "the row's hash is not the one the checkpoint "
                                + "signed at " + signed.at() + ": the chain was rewritten since");
                    }
                    expectedPrev = row.hash();
                    expectedSeq++;
                }
                if (page.size() < VERIFY_PAGE) {
                    break;
                }
            }
            long last = expectedSeq - 1;
            for (Checkpoint checkpoint : checkpoints.values()) {
                if (checkpoint.seq() > last) {
                    return ChainReport.broken(rows[0], last + 1, "a signed checkpoint names seq " + checkpoint.seq()
                            + ", beyond the chain's last row " + last + ": rows were removed");
                }
            }
            Optional<AuditHead> head = AuditHead.read(c);
            if (head.isEmpty()) {
                return ChainReport.broken(rows[0], expectedSeq, "audit_head has no row");
            }
            if (head.get().seq() != last || !head.get().hash().equals(expectedPrev)) {
                return ChainReport.broken(rows[0], expectedSeq, "the chain ends at seq " + last
                        + " but its head names seq " + head.get().seq() + ": newer rows were removed");
            }
            long checked = checkpoints.keySet().stream().filter(seq -> seq >= first - 1).count();
            return ChainReport.ok(rows[0], first, checked, key != null);
        }
    }

    /** The first row kept; the head's next when none is (every row removed, or none written). */
    private static long firstSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM audit_events");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            if (!rs.wasNull()) {
                return min;
            }
        }
        return AuditHead.read(c).map(head -> head.seq() + 1).orElse(1L);
    }

    /** Streams every row in order (the JSON lines export), page by page. */
    public void forEach(Consumer<AuditEvent> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long after = 0;
            while (true) {
                List<AuditEvent> page = page(c, after);
                page.forEach(sink);
                if (page.size() < VERIFY_PAGE) {
                    return;
                }
                after = page.get(page.size() - 1).seq();
            }
        }
    }

    private static List<AuditEvent> page(Connection c, long afterSeq) throws SQLException {
        List<AuditEvent> page = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_events WHERE seq > ? "
                + "ORDER BY seq FETCH FIRST " + VERIFY_PAGE + " ROWS ONLY")) {
            ps.setLong(1, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(row(rs));
                }
            }
        }
        return page;
    }

    private static AuditEvent row(ResultSet rs) throws SQLException {
        Actor actor = new Actor(Actor.Kind.valueOf(rs.getString(4)), rs.getString(5));
        AuditEntry entry = new AuditEntry(actor, AuditAction.valueOf(rs.getString(6)),
                AuditOutcome.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(12), rs.getString(13));
        return new AuditEvent(rs.getLong(1), Jdbc.instant(rs, 2), rs.getString(3), entry, rs.getString(11),
                rs.getString(14), rs.getString(15));
    }

    /** Texts cut to their columns before hashing, so what is hashed is what is stored. */
    private static AuditEntry bound(AuditEntry e) {
        return new AuditEntry(new Actor(e.actor().kind(), Jdbc.bound(e.actor().name(), 256)), e.action(), e.outcome(),
                Jdbc.bound(e.studyInstanceUid(), 64), Jdbc.bound(e.jobId(), 36), Jdbc.bound(e.algorithmId(), 128),
                Jdbc.bound(e.target(), 512), Jdbc.bound(e.detail(), 4000));
    }
}
