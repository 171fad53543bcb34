package org.varde.gateway.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.varde.gateway.jobs.JobRows.JOB_COLUMNS;
import static org.varde.gateway.jobs.JobRows.bound;
import static org.varde.gateway.store.Jdbc.setInstant;

/**
 * The job store on JDBC: embedded H2 on one node, PostgreSQL when several nodes share the work. The
 * schema is {@code db/migration/V2__jobs.sql}, applied by the same Flyway run as the journal; this
 * class does not migrate. Every method is blocking (see {@link JobStore}).
 *
 * <p>The SQL is the same on both databases but for how a claim finds its candidates ({@link SqlDialect}):
 * on PostgreSQL {@code SELECT … FOR UPDATE SKIP LOCKED}; on H2 an unlocked window. Either way each
 * candidate is then leased by an {@code UPDATE} that checks the row's version and that it is still
 * free, so a job goes to one node even if the candidate query let two claims see it. Every other
 * change is an optimistic {@code UPDATE} whose WHERE holds the lease owner and the state the caller
 * believes in: zero rows means the caller lost the job.
 */
public final class JdbcJobStore implements JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final int CREATE_TRIES = 3;
    private static final String LEASED_STATES = JobState.leased().stream()
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    /** Not claimed by anyone, or claimed by a node whose lease has run out. */
    private static final String FREE = "(lease_owner IS NULL OR lease_expires_at <= ?)";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Backoff backoff;
    private final Clock clock;

    /**
     * A store on {@code dataSource} (already migrated) with the default backoff and the system clock.
     * Blocking: connects once to learn which database it is.
     */
    public JdbcJobStore(DataSource dataSource) {
        this(dataSource, Backoff.DEFAULT, Clock.systemUTC());
    }

    public JdbcJobStore(DataSource dataSource, Backoff backoff, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = SqlDialect.of(dataSource);
        this.backoff = backoff;
        this.clock = clock;
    }

    @Override
    public Job create(NewJob job) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insert(job);
            } catch (SQLException e) {
                if (!Jdbc.isDuplicate(e)) {
                    throw new JobStoreException("cannot create the job of algorithm " + job.algorithmId(), e);
                }
            }
            // the job exists: the one created before, or one a concurrent caller is committing
            Optional<Job> existing = byIdempotencyKey(job.idempotencyKey());
            if (existing.isPresent()) {
                return existing.get();
            }
            if (attempt == CREATE_TRIES) {
                throw new JobStoreException("job " + job.idempotencyKey() + " is being created concurrently", null);
            }
        }
    }

    private Job insert(NewJob job) throws SQLException {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, NULL, NULL, ?, ?, ?, 0)")) {
                ps.setString(1, id);
                ps.setString(2, job.studyInstanceUid());
                ps.setString(3, job.algorithmId());
                ps.setString(4, job.routeName());
                ps.setString(5, job.mode().name());
                ps.setInt(6, job.generation());
                ps.setString(7, job.idempotencyKey());
                ps.setString(8, JobState.PENDING.name());
                ps.setInt(9, job.maxAttempts());
                setInstant(ps, 10, now);
                ps.setString(11, JobRows.seriesJson(job.selectedSeries()));
                setInstant(ps, 12, now);
                setInstant(ps, 13, now);
                ps.executeUpdate();
            }
            record(c, id, null, JobState.PENDING, now, null, "created by route " + job.routeName());
            LOG.info("job {} created: algorithm {}, generation {}, {} series", id, job.algorithmId(),
                    job.generation(), job.selectedSeries().size());
            return read(c, id).orElseThrow();
        });
    }

    @Override
    public List<Job> claim(String nodeId, Duration lease, int max, Instant now) {
        requirePositive(lease);
        if (max < 1) {
            return List.of();
        }
        Instant until = now.plus(lease);
        try {
            return transaction(c -> {
                List<Job> claimed = new ArrayList<>();
                for (Job due : candidates(c, max, now)) {
                    if (claimed.size() == max) {
                        break;
                    }
                    if (diedWorkingOn(due)) {
                        // the job's retry waits for its backoff like any other failure: not claimed now
                        expire(c, due, nodeId, now);
                    } else if (lease(c, due, nodeId, until, now)) {
                        claimed.add(read(c, due.id()).orElseThrow());
                    }
                }
                return claimed;
            });
        } catch (SQLException e) {
            throw new JobStoreException("cannot claim jobs for node " + nodeId, e);
        }
    }

    /**
     * Due jobs, oldest due first: PENDING ones whose time has come and leased ones whose owner is gone.
     * A handed-over job (waiting for its result) is never a candidate: its stage's rows drive it.
     * The id completes the order, so concurrent claims meet the rows in the same order and cannot
     * deadlock on them.
     */
    private List<Job> candidates(Connection c, int max, Instant now) throws SQLException {
        String select = "SELECT " + JOB_COLUMNS + " FROM jobs WHERE "
                + "((state = 'PENDING' AND next_attempt_at <= ?) OR state IN " + LEASED_STATES + ") AND " + FREE
                + " ORDER BY next_attempt_at, created_at, id";
        try (PreparedStatement ps = c.prepareStatement(dialect.candidates(select, max))) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            return jobs(ps);
        }
    }

    /**
     * An active job whose owner's lease ran out: its node died (or hung) while working on it. A job that
     * kills every node that runs it would otherwise be taken over forever, so this counts as a failed
     * attempt. A PENDING job whose lease ran out was claimed but never started: taken over as it is.
     */
    private static boolean diedWorkingOn(Job due) {
        return due.leaseOwner() != null && due.state().isLeased();
    }

    /** Records the dead owner's attempt as failed; loses quietly if another claim got there first. */
    private void expire(Connection c, Job due, String nodeId, Instant now) throws SQLException {
        String detail = "lease of node " + due.leaseOwner() + " expired while " + due.state();
        if (failAttempt(c, due, nodeId, detail, false, true, now)) {
            LOG.warn("job {}: lease of node {} expired while {}; counted as failed attempt {} of {}", due.id(),
                    due.leaseOwner(), due.state(), due.attempts() + 1, due.maxAttempts());
        }
    }

    private static boolean lease(Connection c, Job due, String nodeId, Instant until, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, "
                + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND " + FREE)) {
            ps.setString(1, nodeId);
            setInstant(ps, 2, until);
            setInstant(ps, 3, now);
            ps.setString(4, due.id());
            ps.setLong(5, due.version());
            setInstant(ps, 6, now);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        String detail = due.leaseOwner() == null ? "claimed until " + until
                : "taken over from " + due.leaseOwner() + " whose lease expired at " + due.leaseExpiresAt()
                        + "; claimed until " + until;
        record(c, due.id(), due.state(), due.state(), now, nodeId, detail);
        if (due.leaseOwner() != null) {
            LOG.warn("job {} taken over by {} from {} whose lease expired in state {}", due.id(), nodeId,
                    due.leaseOwner(), due.state());
        }
        return true;
    }

    private static void requirePositive(Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease must be positive, was " + lease);
        }
    }

    @Override
    public Job renew(String jobId, String nodeId, Duration lease) {
        requirePositive(lease);
        Instant now = clock.instant();
        return change(jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_expires_at = ?, updated_at = ?, "
                    + "version = version + 1 WHERE id = ? AND lease_owner = ?")) {
                setInstant(ps, 1, now.plus(lease));
                setInstant(ps, 2, now);
                ps.setString(3, jobId);
                ps.setString(4, nodeId);
                if (ps.executeUpdate() == 0) {
                    throw lost(c, jobId, nodeId, null);
                }
            }
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Job transition(String jobId, String nodeId, JobState from, JobState to, String detail) {
        from.requireMoveTo(to);
        if (to == JobState.FAILED) {
            return fail(jobId, nodeId, from, detail);
        }
        if (from != JobState.PENDING && !from.isLeased()) {
            throw new IllegalArgumentException("a " + from + " job moves on by " + (from.isHandedOver()
                    ? "advance() or failHandedOver()" : "fail() or retry()") + ", not by a lease holder");
        }
        Instant now = clock.instant();
        // a final or handed-over state needs no node to work on it: give the lease up with the move
        String lease = to.isFinal() || to.isHandedOver() ? ", lease_owner = NULL, lease_expires_at = NULL" : "";
        return change(jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, updated_at = ?, "
                    + "version = version + 1" + lease + " WHERE id = ? AND lease_owner = ? AND state = ?")) {
                ps.setString(1, to.name());
                setInstant(ps, 2, now);
                ps.setString(3, jobId);
                ps.setString(4, nodeId);
                ps.setString(5, from.name());
                if (ps.executeUpdate() == 0) {
                    throw lost(c, jobId, nodeId, from);
                }
            }
            record(c, jobId, from, to, now, nodeId, detail);
            LOG.debug("job {} {} -> {} by {}", jobId, from, to, nodeId);
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Job advance(String jobId, JobState from, JobState to, String actor, String detail) {
        if (!from.isHandedOver() || to.isLeased() || to == JobState.FAILED) {
            throw new IllegalArgumentException("advance() moves a handed-over job to a resting or final state, not "
                    + from + " -> " + to);
        }
        from.requireMoveTo(to);
        Instant now = clock.instant();
        return change(jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, updated_at = ?, "
                    + "version = version + 1 WHERE id = ? AND state = ? AND lease_owner IS NULL")) {
                ps.setString(1, to.name());
                setInstant(ps, 2, now);
                ps.setString(3, jobId);
                ps.setString(4, from.name());
                if (ps.executeUpdate() == 0) {
                    throw lost(c, jobId, actor, from);
                }
            }
            record(c, jobId, from, to, now, actor, detail);
            LOG.debug("job {} {} -> {} by {}", jobId, from, to, actor);
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Job failHandedOver(String jobId, JobState from, String actor, String error) {
        if (!from.isHandedOver()) {
            throw new IllegalArgumentException("failHandedOver() is for a handed-over job, not " + from);
        }
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            if (job.state() != from || job.leaseOwner() != null || !failAttempt(c, job, actor, error, false, true, now)) {
                throw lost(c, jobId, actor, from);
            }
            Job after = read(c, jobId).orElseThrow();
            LOG.info("job {} failed in {} (attempt {} of {}), now {}: {}", jobId, from, after.attempts(),
                    after.maxAttempts(), after.state(), error);
            return after;
        });
    }

    @Override
    public Job fail(String jobId, String nodeId, JobState from, String error) {
        return fail(jobId, nodeId, from, error, false);
    }

    @Override
    public Job giveUp(String jobId, String nodeId, JobState from, String error) {
        return fail(jobId, nodeId, from, error, true);
    }

    @Override
    public Job postpone(String jobId, String nodeId, JobState from, String why) {
        from.requireMoveTo(JobState.FAILED);
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            if (!nodeId.equals(job.leaseOwner()) || job.state() != from
                    || !failAttempt(c, job, nodeId, why, false, false, now)) {
                throw lost(c, jobId, nodeId, from);
            }
            Job after = read(c, jobId).orElseThrow();
            LOG.info("job {} postponed in {}, attempt not counted; next try at {}: {}", jobId, from,
                    after.nextAttemptAt(), why);
            return after;
        });
    }

    private Job fail(String jobId, String nodeId, JobState from, String error, boolean incurable) {
        from.requireMoveTo(JobState.FAILED);
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            if (!nodeId.equals(job.leaseOwner()) || job.state() != from
                    || !failAttempt(c, job, nodeId, error, incurable, true, now)) {
                throw lost(c, jobId, nodeId, from);
            }
            Job after = read(c, jobId).orElseThrow();
            if (incurable) {
                LOG.warn("job {} dead-lettered at once in {}, no retry can cure it: {}", jobId, from, error);
            } else if (after.state() == JobState.DEAD_LETTER) {
                LOG.warn("job {} dead-lettered after {} failed attempts, last in {}", jobId, after.attempts(), from);
            } else {
                LOG.info("job {} attempt {} of {} failed in {}; retry at {}", jobId, after.attempts(),
                        after.maxAttempts(), from, after.nextAttemptAt());
            }
            return after;
        });
    }

    /**
     * Counts a failed attempt of {@code job} (as read, version included) in its state: FAILED, then in
     * the same transaction PENDING after a backoff, or DEAD_LETTER when the attempts are used up. The
     * lease is given up. False when the row changed since it was read: someone else moved the job.
     * An {@code incurable} failure is dead-lettered at once, whatever attempts are left; one not
     * {@code counted} (nothing was tried) leaves the attempts as they are and waits the backoff of one more.
     */
    private boolean failAttempt(Connection c, Job job, String nodeId, String error, boolean incurable,
                                boolean counted, Instant now) throws SQLException {
        int failures = counted ? job.attempts() + 1 : job.attempts();
        boolean dead = incurable || (counted && failures >= job.maxAttempts());
        JobState next = dead ? JobState.DEAD_LETTER : JobState.PENDING;
        Instant nextAttempt = dead ? job.nextAttemptAt() : now.plus(backoff.delay(job.attempts() + 1,
                ThreadLocalRandom.current()));
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, attempts = ?, "
                + "next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL, "
                + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")) {
            ps.setString(1, next.name());
            ps.setInt(2, failures);
            setInstant(ps, 3, nextAttempt);
            ps.setString(4, bound(error));
            setInstant(ps, 5, now);
            ps.setString(6, job.id());
            ps.setLong(7, job.version());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        record(c, job.id(), job.state(), JobState.FAILED, now, nodeId, error);
        record(c, job.id(), JobState.FAILED, next, now, nodeId, incurable
                ? "not retried: no retry can cure this (replay once it is fixed)"
                : dead ? "all " + job.maxAttempts() + " attempts failed"
                : !counted ? "nothing was sent, not counted as an attempt; next try at " + nextAttempt
                : "attempt " + failures + " of " + job.maxAttempts() + " failed; next attempt at " + nextAttempt);
        return true;
    }

    @Override
    public Job release(String jobId, String nodeId) {
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_owner = NULL, "
                    + "lease_expires_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND lease_owner = ?")) {
                setInstant(ps, 1, now);
                ps.setString(2, jobId);
                ps.setString(3, nodeId);
                if (ps.executeUpdate() == 0) {
                    throw lost(c, jobId, nodeId, null);
                }
            }
            record(c, jobId, job.state(), job.state(), now, nodeId, "released");
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Job retry(String jobId, String actor) {
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            job.state().requireMoveTo(JobState.PENDING);
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'PENDING', attempts = 0, "
                    + "next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, "
                    + "version = version + 1 WHERE id = ? AND version = ?")) {
                setInstant(ps, 1, now);
                setInstant(ps, 2, now);
                ps.setString(3, jobId);
                ps.setLong(4, job.version());
                if (ps.executeUpdate() == 0) {
                    // changed between our read and update: judge again on what it is now
                    Job current = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
                    throw new IllegalTransitionException(current.state(), JobState.PENDING);
                }
            }
            record(c, jobId, job.state(), JobState.PENDING, now, actor,
                    "replayed after " + job.attempts() + " failed attempts");
            LOG.info("job {} replayed from {} by {}", jobId, job.state(), actor);
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Job discard(String jobId, String actor, String reason) {
        Instant now = clock.instant();
        return change(jobId, c -> {
            Job job = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
            job.state().requireMoveTo(JobState.DISCARDED);
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'DISCARDED', lease_owner = NULL, "
                    + "lease_expires_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")) {
                setInstant(ps, 1, now);
                ps.setString(2, jobId);
                ps.setLong(3, job.version());
                if (ps.executeUpdate() == 0) {
                    Job current = read(c, jobId).orElseThrow(() -> new UnknownJobException(jobId));
                    throw new IllegalTransitionException(current.state(), JobState.DISCARDED);
                }
            }
            record(c, jobId, job.state(), JobState.DISCARDED, now, actor, "discarded by " + actor + ": " + reason);
            LOG.info("job {} discarded by {}", jobId, actor);
            return read(c, jobId).orElseThrow();
        });
    }

    @Override
    public Optional<Job> get(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, jobId);
        } catch (SQLException e) {
            throw new JobStoreException("cannot read job " + jobId, e);
        }
    }

    @Override
    public List<Job> find(JobState state, int limit) {
        return query("SELECT " + JOB_COLUMNS + " FROM jobs WHERE state = ? ORDER BY created_at, id "
                + "FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", state.name());
    }

    @Override
    public List<Job> forStudy(String studyInstanceUid) {
        return query("SELECT " + JOB_COLUMNS + " FROM jobs WHERE study_instance_uid = ? "
                + "ORDER BY created_at, algorithm_id, generation", studyInstanceUid);
    }

    @Override
    public List<JobEvent> events(String jobId) {
        List<JobEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + JobRows.EVENT_COLUMNS
                     + " FROM job_events WHERE job_id = ? ORDER BY id")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(JobRows.event(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new JobStoreException("cannot read the events of job " + jobId, e);
        }
    }

    @Override
    public Map<JobState, Long> countsByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM jobs GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new JobStoreException("cannot count jobs", e);
        }
    }

    @Override
    public Duration oldestDuePendingAge(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_at) FROM jobs "
                     + "WHERE state = 'PENDING' AND next_attempt_at <= ? AND " + FREE)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                Instant oldest = rs.next() ? Jdbc.instant(rs, 1) : null;
                return oldest == null ? Duration.ZERO : Duration.between(oldest, now);
            }
        } catch (SQLException e) {
            throw new JobStoreException("cannot read the pending queue age", e);
        }
    }

    private List<Job> query(String sql, String parameter) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            return jobs(ps);
        } catch (SQLException e) {
            throw new JobStoreException("cannot read jobs", e);
        }
    }

    private Optional<Job> byIdempotencyKey(String key) {
        return query("SELECT " + JOB_COLUMNS + " FROM jobs WHERE idempotency_key = ?", key).stream().findFirst();
    }

    private static Optional<Job> read(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setString(1, jobId);
            return jobs(ps).stream().findFirst();
        }
    }

    private static List<Job> jobs(PreparedStatement ps) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(JobRows.job(rs));
            }
        }
        return jobs;
    }

    private static void record(Connection c, String jobId, JobState from, JobState to, Instant at, String node,
                               String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_events "
                + "(job_id, from_state, to_state, occurred_at, node, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, jobId);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to.name());
            setInstant(ps, 4, at);
            ps.setString(5, node);
            ps.setString(6, bound(detail));
            ps.executeUpdate();
        }
    }

    /** Why {@code nodeId} could not change the job: it is gone, or someone else holds it, or it moved on. */
    private static RuntimeException lost(Connection c, String jobId, String nodeId, JobState believed)
            throws SQLException {
        Optional<Job> current = read(c, jobId);
        if (current.isEmpty()) {
            return new UnknownJobException(jobId);
        }
        Job job = current.get();
        String holder = job.leaseOwner() == null ? "no node" : job.leaseOwner();
        return new LeaseLostException(jobId, "node " + nodeId + " does not hold it"
                + (believed == null ? "" : " in " + believed) + ": it is " + job.state() + ", held by " + holder);
    }

    private Job change(String jobId, Jdbc.Work<Job> work) {
        try {
            return transaction(work);
        } catch (SQLException e) {
            throw new JobStoreException("cannot change job " + jobId, e);
        }
    }

    private <T> T transaction(Jdbc.Work<T> work) throws SQLException {
        return Jdbc.transaction(dataSource, work);
    }
}
