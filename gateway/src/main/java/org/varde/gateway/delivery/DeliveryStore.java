package org.varde.gateway.delivery;

import static org.varde.gateway.store.Jdbc.bound;
import static org.varde.gateway.store.Jdbc.instant;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.jobs.SqlDialect;
import org.varde.gateway.store.Jdbc;

/**
 * The deliveries and their history, on H2 or PostgreSQL. Claims work as the job store's do: due rows
 * are leased by a version-checked update (PostgreSQL picks its candidates with {@code SKIP LOCKED}),
 * and every later change names the lease owner, so two nodes never send the same delivery at once and
 * a node that died gives its deliveries back when its lease runs out.
 */
public final class DeliveryStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);
    private static final String COLUMNS = "id, result_id, result_version, job_id, study_instance_uid, algorithm_id, "
            + "sink, mode, state, priority, attempts, max_attempts, next_attempt_at, lease_owner, last_error, receipt, "
            + "prepared_media_type, created_at, updated_at, finished_at";
    private static final int ERROR_MAX = 2000;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Backoff backoff;
    private final Clock clock;
    private final RandomGenerator random = new SecureRandom();

    public DeliveryStore(DataSource dataSource, Backoff backoff, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = SqlDialect.of(dataSource);
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Creates the delivery, or returns the one that exists for the same result version and sink. */
    public Delivery create(NewDelivery d) {
        Instant now = clock.instant();
        try {
            return Jdbc.transaction(dataSource, c -> createIn(c, d, now));
        } catch (SQLException e) {
            return afterDuplicate(d, e);
        }
    }

    /**
     * Creates the deliveries of one result to each of its sinks in one transaction (one commit for all,
     * so the first lane is not woken only after the others' commits), or returns those that exist. A
     * concurrent create of one of them (another node's hand-over) falls back to one by one.
     */
    public List<Delivery> create(List<NewDelivery> all) {
        Instant now = clock.instant();
        try {
            return Jdbc.transaction(dataSource, c -> {
                List<Delivery> created = new ArrayList<>();
                for (NewDelivery d : all) {
                    created.add(createIn(c, d, now));
                }
                return created;
            });
        } catch (SQLException e) {
            if (!Jdbc.isDuplicate(e)) {
                throw new DeliveryStoreException("cannot create the deliveries of result "
                        + all.stream().map(NewDelivery::resultId).findFirst().orElse("?"), e);
            }
            return all.stream().map(this::create).toList();
        }
    }

    private Delivery createIn(Connection c, NewDelivery d, Instant now) throws SQLException {
        Optional<Delivery> existing = find(c, "result_id = ? AND result_version = ? AND sink = ?",
                d.resultId(), d.resultVersion(), d.sink()).stream().findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        Jdbc.update(c, "INSERT INTO deliveries (id, result_id, result_version, job_id, study_instance_uid, "
                        + "algorithm_id, sink, mode, state, priority, attempts, max_attempts, next_attempt_at, "
                        + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, 0, ?, ?, ?, ?, 0)",
                id, d.resultId(), d.resultVersion(), d.jobId(), d.studyInstanceUid(), d.algorithmId(), d.sink(),
                d.mode().name(), d.priority().map(WorklistPriority::fhirCode).orElse(null), d.maxAttempts(),
                now, now, now);
        event(c, id, null, DeliveryState.PENDING, now, null, "created for sink " + d.sink() + " ("
                + d.mode().name().toLowerCase(java.util.Locale.ROOT) + ")"
                + d.priority().map(p -> ", asking for priority " + p.fhirCode()).orElse(""));
        return read(c, id).orElseThrow();
    }

    private Delivery afterDuplicate(NewDelivery d, SQLException e) {
        if (Jdbc.isDuplicate(e)) {
            // a concurrent create of the same delivery won: it is the one
            return forResult(d.resultId()).stream().filter(x -> x.sink().equals(d.sink())
                    && x.resultVersion() == d.resultVersion()).findFirst().orElseThrow();
        }
        throw new DeliveryStoreException("cannot create the delivery of result " + d.resultId() + " to " + d.sink(), e);
    }

    /**
     * Leases up to {@code max} due deliveries to {@code sink} (PENDING whose time has come, or SENDING
     * whose owner's lease ran out). One sink's claims never take another's rows: each sink has its lane.
     */
    public List<Delivery> claim(String sink, String nodeId, Duration lease, int max, Instant now) {
        Instant until = now.plus(lease);
        try {
            return Jdbc.transaction(dataSource, c -> {
                String select = "SELECT " + COLUMNS + " FROM deliveries WHERE sink = ? AND ((state = 'PENDING' AND next_attempt_at <= ?)"
                        + " OR state = 'SENDING') AND (lease_owner IS NULL OR lease_expires_at <= ?)"
                        + " ORDER BY next_attempt_at, created_at, id";
                List<Delivery> due;
                try (PreparedStatement ps = Jdbc.prepare(c, dialect.candidates(select, max), sink, now, now)) {
                    due = rows(ps);
                }
                List<Delivery> claimed = new ArrayList<>();
                for (Delivery d : due) {
                    if (claimed.size() == max) {
                        break;
                    }
                    String detail = d.leaseOwner() == null ? "attempt " + (d.attempts() + 1) + " by node " + nodeId
                            : "taken over by " + nodeId + " from " + d.leaseOwner() + " whose lease ran out";
                    // the WHERE repeats the claim's condition: a row another node leased meanwhile updates nothing
                    int n = Jdbc.update(c, "UPDATE deliveries SET state = 'SENDING', lease_owner = ?, lease_expires_at = ?, "
                                    + "updated_at = ?, version = version + 1 WHERE id = ? AND state = ? "
                                    + "AND (lease_owner IS NULL OR lease_expires_at <= ?)",
                            nodeId, until, now, d.id(), d.state().name(), now);
                    if (n == 1) {
                        event(c, d.id(), d.state(), DeliveryState.SENDING, now, nodeId, detail);
                        // what the UPDATE wrote, without reading the row back: one statement less per claim
                        claimed.add(d.claimedBy(nodeId, now));
                    }
                }
                return claimed;
            });
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot claim deliveries to " + sink + " for node " + nodeId, e);
        }
    }

    /** Keeps what the sink built (the wire form or a readable dump). */
    public void prepared(String id, String nodeId, String mediaType, String text) {
        change(id, nodeId, "prepared_media_type = ?, prepared_text = ?", null, mediaType, text);
    }

    /**
     * Extends the lease of a delivery this node holds (one claimed ahead, still waiting for its turn on
     * a one-at-a-time lane, whose lease would otherwise run out before it is sent).
     *
     * @throws IllegalStateException when the lease ran out and another node took the delivery
     */
    public void renew(String id, String nodeId, Duration lease) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            int n = Jdbc.update(c, "UPDATE deliveries SET lease_expires_at = ?, updated_at = ?, version = version + 1 "
                    + "WHERE id = ? AND state = 'SENDING' AND lease_owner = ?", now.plus(lease), now, id, nodeId);
            if (n == 0) {
                throw new IllegalStateException("delivery " + id + " is no longer held by " + nodeId
                        + ": its lease ran out and another node took it");
            }
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot renew the lease of delivery " + id, e);
        }
    }

    /** A line in the delivery's history (no change of state), e.g. what the sink's peer holds. */
    public void note(String id, String nodeId, String detail) {
        change(id, nodeId, "version = version + 1", detail);
    }

    /**
     * The priority the delivery asked for is not sent after all (the peer holds one as high or higher):
     * the row asks for none from now on, and its history says why.
     */
    public void priorityWithdrawn(String id, String nodeId, String detail) {
        change(id, nodeId, "priority = NULL, version = version + 1", detail);
    }

    /**
     * Told of each delivery that reached DELIVERED, KEPT or DEAD_LETTER, after its commit (the audit
     * log: a delivery is a disclosure to PACS or RIS). It must not throw; call before the stage starts.
     */
    public DeliveryStore onFinished(java.util.function.Consumer<Delivery> listener) {
        this.finished = listener;
        return this;
    }

    private volatile java.util.function.Consumer<Delivery> finished = d -> { };

    private Delivery told(Delivery d) {
        try {
            finished.accept(d);
        } catch (RuntimeException e) {
            LOG.error("delivery {}: the listener of its end failed: {}", d.id(), e.toString());
        }
        return d;
    }

    public Delivery delivered(String id, String nodeId, String receipt) {
        return delivered(id, nodeId, receipt, null);
    }

    /**
     * Delivered, and what was sent kept with it, in one transaction (the lane's one write per delivery).
     *
     * @param prepared what the sink built and sent; null keeps what the row holds
     */
    public Delivery delivered(String id, String nodeId, String receipt, PreparedDelivery prepared) {
        return told(finish(id, nodeId, DeliveryState.DELIVERED, prepared, "delivered: " + bound(receipt, 500),
                "receipt = ?", bound(receipt, ERROR_MAX)));
    }

    public Delivery kept(String id, String nodeId) {
        return kept(id, nodeId, null);
    }

    /** Kept (shadow route), with what was built, in one transaction. */
    public Delivery kept(String id, String nodeId, PreparedDelivery prepared) {
        return told(finish(id, nodeId, DeliveryState.KEPT, prepared, "shadow route: built and validated, kept, not sent",
                null));
    }

    /**
     * A failed attempt: back to PENDING after a backoff while attempts remain and a retry can help,
     * otherwise DEAD_LETTER.
     */
    public Delivery failed(String id, String nodeId, String error, boolean retryable) {
        return failed(id, nodeId, error, retryable, null);
    }

    /**
     * {@link #failed(String, String, String, boolean)}, keeping what was built and tried in the same
     * transaction.
     *
     * @param prepared what the sink built; null when it built nothing (or to keep what the row holds)
     */
    public Delivery failed(String id, String nodeId, String error, boolean retryable, PreparedDelivery prepared) {
        Instant now = clock.instant();
        try {
            Delivery after = Jdbc.transaction(dataSource, c -> {
                Delivery d = read(c, id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
                requireHolder(d, nodeId);
                int attempts = d.attempts() + 1;
                boolean again = retryable && attempts < d.maxAttempts();
                DeliveryState to = again ? DeliveryState.PENDING : DeliveryState.DEAD_LETTER;
                Instant next = again ? now.plus(backoff.delay(attempts, random)) : now;
                // a null bound as text would be a varchar to PostgreSQL: the unfinished case says NULL itself
                String sql = "UPDATE deliveries SET " + (prepared == null ? "" : "prepared_media_type = ?, prepared_text = ?, ")
                        + "state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                        + "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, finished_at = "
                        + (again ? "NULL" : "?") + ", version = version + 1 WHERE id = ?";
                List<Object> args = new ArrayList<>();
                if (prepared != null) {
                    args.add(prepared.mediaType());
                    args.add(prepared.text());
                }
                args.addAll(List.of(to.name(), attempts, next, bound(error, ERROR_MAX), now));
                if (!again) {
                    args.add(now);
                }
                args.add(id);
                Jdbc.update(c, sql, args.toArray());
                String why = again ? "attempt " + attempts + " of " + d.maxAttempts() + " failed, next at " + next
                        : (retryable ? "attempt " + attempts + " of " + d.maxAttempts() + " failed, none left"
                        : "failed in a way no retry can cure");
                event(c, id, d.state(), to, now, nodeId, why + ": " + bound(error, 1500));
                if (!again) {
                    LOG.warn("delivery {} of result {} to {} dead-lettered: {}", id, d.resultId(), d.sink(), bound(error, 300));
                }
                return read(c, id).orElseThrow();
            });
            return after.state() == DeliveryState.DEAD_LETTER ? told(after) : after;
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot record the failure of delivery " + id, e);
        }
    }

    /** An operator's replay: a dead-lettered (or waiting) delivery is due now, its attempts counted afresh. */
    public Optional<Delivery> retry(String id, String actor) {
        Instant now = clock.instant();
        try {
            return Jdbc.transaction(dataSource, c -> {
                Optional<Delivery> found = read(c, id);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                Delivery d = found.get();
                if (d.state() != DeliveryState.DEAD_LETTER && d.state() != DeliveryState.PENDING) {
                    throw new IllegalStateException("delivery " + id + " is " + d.state() + "; only DEAD_LETTER or PENDING can be replayed");
                }
                Jdbc.update(c, "UPDATE deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL, "
                        + "updated_at = ?, version = version + 1 WHERE id = ?", now, now, id);
                event(c, id, d.state(), DeliveryState.PENDING, now, null, "replayed by " + actor);
                return read(c, id);
            });
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot replay delivery " + id, e);
        }
    }

    public Optional<Delivery> get(String id) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, id);
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot read delivery " + id, e);
        }
    }

    public Optional<String> preparedText(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT prepared_text FROM deliveries WHERE id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot read delivery " + id, e);
        }
    }

    public List<Delivery> forStudy(String studyInstanceUid) {
        return query("study_instance_uid = ? ORDER BY created_at, sink", studyInstanceUid);
    }

    public List<Delivery> forResult(String resultId) {
        return query("result_id = ? ORDER BY result_version, sink", resultId);
    }

    public List<Delivery> inState(DeliveryState state, int limit) {
        return query("state = ? ORDER BY updated_at DESC, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", state.name());
    }

    /** The highest priority already asked for this study by any delivery (what "never lower" compares with). */
    public Optional<WorklistPriority> highestAsked(String studyInstanceUid) {
        return forStudy(studyInstanceUid).stream().filter(d -> d.mode() == DeliveryMode.CLINICAL)
                .flatMap(d -> d.priority().stream()).max(Enum::compareTo);
    }

    public List<DeliveryEvent> events(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT at, from_state, to_state, node_id, detail FROM delivery_events "
                     + "WHERE delivery_id = ? ORDER BY id", id);
             ResultSet rs = ps.executeQuery()) {
            List<DeliveryEvent> events = new ArrayList<>();
            while (rs.next()) {
                String from = rs.getString(2);
                events.add(new DeliveryEvent(instant(rs, 1), from == null ? null : DeliveryState.valueOf(from),
                        DeliveryState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5)));
            }
            return events;
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot read the history of delivery " + id, e);
        }
    }

    public Map<DeliveryState, Long> countsByState() {
        Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
        for (DeliveryState s : DeliveryState.values()) {
            counts.put(s, 0L);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM deliveries GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(DeliveryState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot count deliveries", e);
        }
    }

    private Delivery finish(String id, String nodeId, DeliveryState to, PreparedDelivery prepared, String detail,
                            String set, Object... values) {
        Instant now = clock.instant();
        try {
            return Jdbc.transaction(dataSource, c -> {
                Delivery d = read(c, id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
                requireHolder(d, nodeId);
                StringBuilder extra = new StringBuilder();
                List<Object> args = new ArrayList<>();
                if (prepared != null) {
                    extra.append("prepared_media_type = ?, prepared_text = ?, ");
                    args.add(prepared.mediaType());
                    args.add(prepared.text());
                }
                if (set != null) {
                    extra.append(set).append(", ");
                    args.addAll(List.of(values));
                }
                args.addAll(List.of(to.name(), now, now, id));
                Jdbc.update(c, "UPDATE deliveries SET " + extra + "state = ?, attempts = attempts + 1, lease_owner = NULL, "
                        + "lease_expires_at = NULL, updated_at = ?, finished_at = ?, version = version + 1 WHERE id = ?",
                        args.toArray());
                event(c, id, d.state(), to, now, nodeId, detail);
                return read(c, id).orElseThrow();
            });
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot finish delivery " + id, e);
        }
    }

    private void change(String id, String nodeId, String set, String detail, Object... values) {
        Instant now = clock.instant();
        try {
            Jdbc.transaction(dataSource, c -> {
                Delivery d = read(c, id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
                requireHolder(d, nodeId);
                Object[] args = new Object[values.length + 2];
                System.arraycopy(values, 0, args, 0, values.length);
                args[values.length] = now;
                args[values.length + 1] = id;
                Jdbc.update(c, "UPDATE deliveries SET " + set + ", updated_at = ? WHERE id = ?", args);
                if (detail != null) {
                    event(c, id, d.state(), d.state(), now, nodeId, detail);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot update delivery " + id, e);
        }
    }

    private static void requireHolder(Delivery d, String nodeId) {
        if (d.state() != DeliveryState.SENDING || !nodeId.equals(d.leaseOwner())) {
            throw new IllegalStateException("delivery " + d.id() + " is " + d.state() + " held by " + d.leaseOwner()
                    + ", not by " + nodeId + ": its lease ran out and another node took it");
        }
    }

    private static void event(Connection c, String id, DeliveryState from, DeliveryState to, Instant at, String nodeId,
                              String detail) throws SQLException {
        Jdbc.update(c, "INSERT INTO delivery_events (delivery_id, at, from_state, to_state, node_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                id, at, from == null ? null : from.name(), to.name(), nodeId, bound(detail, ERROR_MAX));
    }

    private List<Delivery> query(String where, Object... values) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, where, values);
        } catch (SQLException e) {
            throw new DeliveryStoreException("cannot read deliveries", e);
        }
    }

    private static List<Delivery> find(Connection c, String where, Object... values) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM deliveries WHERE " + where, values)) {
            return rows(ps);
        }
    }

    private static Optional<Delivery> read(Connection c, String id) throws SQLException {
        return find(c, "id = ?", id).stream().findFirst();
    }

    private static List<Delivery> rows(PreparedStatement ps) throws SQLException {
        List<Delivery> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String priority = rs.getString(10);
                list.add(new Delivery(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), DeliveryMode.valueOf(rs.getString(8)),
                        DeliveryState.valueOf(rs.getString(9)),
                        priority == null ? Optional.empty() : Optional.of(WorklistPriority.fromFhirCode(priority)),
                        rs.getInt(11), rs.getInt(12), instant(rs, 13), rs.getString(14), rs.getString(15), rs.getString(16),
                        rs.getString(17), instant(rs, 18), instant(rs, 19), instant(rs, 20)));
            }
        }
        return list;
    }
}
