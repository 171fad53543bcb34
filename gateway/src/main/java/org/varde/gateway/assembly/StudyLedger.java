package org.varde.gateway.assembly;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.store.InstanceRecord;
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
import java.util.Optional;

/**
 * The durable study state ({@code studies}, {@code study_generations}, {@code study_arrivals}; V3). Every
 * change is a conditional {@code UPDATE} whose row count says whether this caller won, so several
 * nodes on one PostgreSQL database complete each generation exactly once without locks held across
 * calls. Blocking: call from worker threads.
 */
final class StudyLedger {
    private static final Logger LOG = LoggerFactory.getLogger(StudyLedger.class);
    private static final int TRIES = 5;
    private static final String ASSEMBLING = "ASSEMBLING";
    private static final String COMPLETE = "COMPLETE";

    private final DataSource dataSource;
    private final String nodeId;
    private final Duration handOverLease;

    StudyLedger(DataSource dataSource, String nodeId, Duration handOverLease) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.handOverLease = handOverLease;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Where one study stands now.
     *
     * @param seriesSettle the settle time once the expected series arrived in this generation, else null
     */
    record StudyState(String studyInstanceUid, boolean assembling, int generation, Instant idleDeadline,
                      Duration seriesSettle) {
        /** The quiet period an arrival now sets: the idle timeout, or the settle time once it is shorter. */
        Duration quietPeriod(Duration idle) {
            return seriesSettle != null && seriesSettle.compareTo(idle) < 0 ? seriesSettle : idle;
        }
    }

    /**
     * What recording one instance did.
     *
     * @param newGeneration true when this instance opened a follow-up after a completion
     * @param resend        true when this SOP instance had arrived before (then no follow-up is opened)
     */
    record Arrival(StudyState study, boolean newGeneration, boolean resend) {
    }

    /**
     * Records that {@code instance} arrived: creates the study, or moves its idle deadline, or (after a
     * completion) opens the next generation. A resent instance moves the deadline of an assembling
     * study but does not reopen a complete one: it brings nothing new to route. Once the expected
     * series arrived, any instance (of any series) moves the deadline by the settle time instead: the
     * study is not complete while images still stream in.
     */
    Arrival arrive(InstanceRecord instance, Duration idle, Instant now) {
        String study = instance.studyInstanceUid();
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<Arrival> done = Jdbc.transaction(dataSource, c -> arriveOnce(c, instance, idle, now));
                if (done.isPresent()) {
                    return done.get();
                }
            } catch (SQLException e) {
                if (!Jdbc.isDuplicate(e)) {
                    throw new AssemblyException("cannot record an instance of study " + study, e);
                }
            }
            // a concurrent arrival created the study, reopened it or recorded the same instance: look again
            if (attempt == TRIES) {
                throw new AssemblyException("study " + study + " keeps changing under concurrent arrivals", null);
            }
        }
    }

    /**
     * {@link #arrive}, in the caller's transaction (ingest's, with the journal row). A concurrent change
     * it lost to is SQLSTATE 40001 (serialization_failure): the caller rolls back and tries again.
     */
    Arrival arriveIn(Connection c, InstanceRecord instance, Duration idle, Instant now) throws SQLException {
        return arriveOnce(c, instance, idle, now).orElseThrow(() -> new SQLException(
                "study " + instance.studyInstanceUid() + " changed under a concurrent arrival", "40001"));
    }

    private Optional<Arrival> arriveOnce(Connection c, InstanceRecord r, Duration idle, Instant now)
            throws SQLException {
        String study = r.studyInstanceUid();
        boolean resend = arrivedBefore(c, r.sopInstanceUid());
        Optional<StudyState> current = state(c, study);
        Instant deadline = now.plus(idle);
        if (current.isPresent() && current.get().assembling()) {
            StudyState before = current.get();
            Instant moved = now.plus(before.quietPeriod(idle));
            if (Jdbc.update(c, "UPDATE studies SET last_received_at = ?, idle_deadline = ? "
                    + "WHERE study_instance_uid = ? AND state = 'ASSEMBLING' AND generation = ?",
                    now, moved, study, before.generation()) == 0) {
                return Optional.empty();
            }
            recordArrival(c, r, before.generation(), resend, now);
            return Optional.of(new Arrival(new StudyState(study, true, before.generation(), moved,
                    before.seriesSettle()), false, resend));
        }
        if (current.isEmpty()) {
            Jdbc.update(c, "INSERT INTO studies (study_instance_uid, state, generation, first_received_at, "
                    + "last_received_at, idle_deadline) VALUES (?, 'ASSEMBLING', 0, ?, ?, ?)",
                    study, now, now, deadline);
            recordArrival(c, r, 0, resend, now);
            return Optional.of(new Arrival(new StudyState(study, true, 0, deadline, null), false, resend));
        }
        StudyState complete = current.get();
        if (resend) {
            return Optional.of(new Arrival(complete, false, true));
        }
        int next = complete.generation() + 1;
        // the follow-up waits for its own quiet period, never completes on the instance that opened it;
        // its expected series (if any) must arrive again, in its own instances
        if (Jdbc.update(c, "UPDATE studies SET state = 'ASSEMBLING', generation = ?, last_received_at = ?, "
                        + "idle_deadline = ?, completed_at = NULL, completion_trigger = NULL, "
                        + "series_settle_millis = NULL "
                        + "WHERE study_instance_uid = ? AND state = 'COMPLETE' AND generation = ?",
                next, now, deadline, study, complete.generation()) == 0) {
            return Optional.empty();
        }
        recordArrival(c, r, next, false, now);
        LOG.info("study {} updated after completion: generation {} opened", study, next);
        return Optional.of(new Arrival(new StudyState(study, true, next, deadline, null), true, false));
    }

    private static boolean arrivedBefore(Connection c, String sopInstanceUid) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT 1 FROM study_arrivals WHERE sop_instance_uid = ?",
                sopInstanceUid); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** A resend keeps the generation it first arrived in. */
    private static void recordArrival(Connection c, InstanceRecord r, int generation, boolean resend, Instant now)
            throws SQLException {
        if (!resend) {
            Jdbc.update(c, "INSERT INTO study_arrivals (sop_instance_uid, study_instance_uid, series_instance_uid, "
                            + "generation, arrived_at) VALUES (?, ?, ?, ?, ?)",
                    r.sopInstanceUid(), r.studyInstanceUid(), r.seriesInstanceUid(), generation, now);
        }
    }

    /**
     * How many studies stand where, for the overview: {@code assembling} (instances may still come),
     * {@code awaitingRouting} (a completed generation the router has not taken yet) and {@code complete}.
     */
    StageCounts stageCounts() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long assembling = 0;
            long complete = 0;
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT state, COUNT(*) FROM studies GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ASSEMBLING.equals(rs.getString(1))) {
                        assembling = rs.getLong(2);
                    } else {
                        complete = rs.getLong(2);
                    }
                }
            }
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT COUNT(*) FROM study_generations WHERE routed_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StageCounts(assembling, rs.getLong(1), complete);
            }
        }
    }

    static Optional<StudyState> state(Connection c, String study) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT state, generation, idle_deadline, series_settle_millis "
                + "FROM studies WHERE study_instance_uid = ?", study); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new StudyState(study, ASSEMBLING.equals(rs.getString(1)), rs.getInt(2),
                    Jdbc.instant(rs, 3), settle(rs, 4)));
        }
    }

    private static Duration settle(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(millis);
    }

    /**
     * The expected series is in {@code generation}: from now on the study is complete {@code settle}
     * after its last instance (if that is sooner than the deadline it has). Kept in the study's row so
     * every node, and a restart, settles it the same way; a shorter settle already recorded stays.
     *
     * @return the study's deadline after this, or empty when it is no longer assembling that generation
     */
    Optional<Instant> seriesArrived(String study, int generation, Duration settle, Instant lastArrival) {
        try {
            return Jdbc.transaction(dataSource, c -> {
                Optional<StudyState> state = state(c, study);
                if (state.isEmpty() || !state.get().assembling() || state.get().generation() != generation) {
                    return Optional.empty();
                }
                StudyState s = state.get();
                Duration kept = s.seriesSettle() != null && s.seriesSettle().compareTo(settle) <= 0 ? s.seriesSettle()
                        : settle;
                Instant deadline = lastArrival.plus(kept);
                if (s.idleDeadline() != null && s.idleDeadline().isBefore(deadline)) {
                    deadline = s.idleDeadline();
                }
                // settle times are at most an hour: milliseconds fit the int the Jdbc helper binds
                Jdbc.update(c, "UPDATE studies SET series_settle_millis = ?, idle_deadline = ? "
                        + "WHERE study_instance_uid = ? AND state = 'ASSEMBLING' AND generation = ?",
                        Math.toIntExact(kept.toMillis()), deadline, study, generation);
                return Optional.of(deadline);
            });
        } catch (SQLException e) {
            throw new AssemblyException("cannot record the expected series of study " + study, e);
        }
    }

    /**
     * Completes {@code generation} of the study if it is still assembling that generation (and, for
     * {@code onlyIfDue}, its idle deadline has passed): the one conditional UPDATE that decides which
     * trigger and which node wins. The winner also writes the generation's hand-over row, leased to
     * this node, in the same transaction.
     */
    Optional<StudyCompleted> complete(Connection c, String study, int generation, CompletionTrigger trigger,
                                      boolean onlyIfDue, Instant now) throws SQLException {
        String sql = "UPDATE studies SET state = 'COMPLETE', idle_deadline = NULL, series_settle_millis = NULL, "
                + "completed_at = ?, "
                + "completion_trigger = ? WHERE study_instance_uid = ? AND state = 'ASSEMBLING' AND generation = ?";
        int changed = onlyIfDue
                ? Jdbc.update(c, sql + " AND idle_deadline <= ?", now, trigger.name(), study, generation, now)
                : Jdbc.update(c, sql, now, trigger.name(), study, generation);
        if (changed == 0) {
            return Optional.empty();
        }
        Jdbc.update(c, "INSERT INTO study_generations (study_instance_uid, generation, completion_trigger, "
                        + "completed_at, completed_by, handover_until, handover_attempts) VALUES (?, ?, ?, ?, ?, ?, 1)",
                study, generation, trigger.name(), now, nodeId, now.plus(handOverLease));
        // the turnaround starts at this generation's last instance (V26); the study row moves on with follow-ups
        Jdbc.update(c, "UPDATE study_generations SET last_instance_at = (SELECT last_received_at FROM studies "
                + "WHERE study_instance_uid = ?) WHERE study_instance_uid = ? AND generation = ?", study, study, generation);
        LOG.info("study {} generation {} complete: {}", study, generation, trigger);
        return Optional.of(StudyCompleted.of(study, generation, trigger, now));
    }

    /** Completes the generation the study is assembling now, whatever its deadline. */
    Optional<StudyCompleted> completeCurrent(Connection c, String study, CompletionTrigger trigger, Instant now)
            throws SQLException {
        Optional<StudyState> state = state(c, study);
        if (state.isEmpty() || !state.get().assembling()) {
            return Optional.empty();
        }
        return complete(c, study, state.get().generation(), trigger, false, now);
    }

    /** The explicit completion: the study's answer in all three cases. */
    ExplicitCompletion completeExplicitly(String study, Instant now, List<StudyCompleted> completed) {
        try {
            return Jdbc.transaction(dataSource, c -> {
                Optional<StudyCompleted> done = completeCurrent(c, study, CompletionTrigger.API, now);
                if (done.isPresent()) {
                    completed.add(done.get());
                    return new ExplicitCompletion(ExplicitCompletion.Outcome.COMPLETED, study, done.get().generation());
                }
                return state(c, study)
                        .map(s -> new ExplicitCompletion(ExplicitCompletion.Outcome.ALREADY_COMPLETE, study,
                                s.generation()))
                        .orElseGet(() -> new ExplicitCompletion(ExplicitCompletion.Outcome.UNKNOWN_STUDY, study, -1));
            });
        } catch (SQLException e) {
            throw new AssemblyException("cannot complete study " + study, e);
        }
    }

    /**
     * Completes each study whose deadline has passed; another node may win some of them. A study
     * whose expected series arrived and then settled completes by {@link CompletionTrigger#EXPECTED_SERIES}.
     */
    List<StudyCompleted> completeIdle(Instant now, int max) {
        List<StudyCompleted> completed = new ArrayList<>();
        try {
            for (StudyState due : dueStudies(now, max)) {
                CompletionTrigger trigger = due.seriesSettle() == null ? CompletionTrigger.IDLE
                        : CompletionTrigger.EXPECTED_SERIES;
                Jdbc.transaction(dataSource, c -> complete(c, due.studyInstanceUid(), due.generation(),
                        trigger, true, now)).ifPresent(completed::add);
            }
            return completed;
        } catch (SQLException e) {
            throw new AssemblyException("cannot complete idle studies", e);
        }
    }

    private List<StudyState> dueStudies(Instant now, int max) throws SQLException {
        List<StudyState> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT study_instance_uid, generation, idle_deadline, "
                     + "series_settle_millis FROM studies WHERE state = 'ASSEMBLING' AND idle_deadline <= ? "
                     + "ORDER BY idle_deadline "
                     + "FETCH FIRST " + max + " ROWS ONLY", now);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                due.add(new StudyState(rs.getString(1), true, rs.getInt(2), Jdbc.instant(rs, 3), settle(rs, 4)));
            }
        }
        return due;
    }

    /**
     * Completed generations not yet routed whose hand-over lease ran out (the listener failed, or
     * the node handing over died): leased again to this node, to be handed over once more.
     */
    List<StudyCompleted> takeHandOvers(Instant now, int max) {
        List<StudyCompleted> taken = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<StudyCompleted> candidates = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT study_instance_uid, generation, completion_trigger, "
                    + "completed_at FROM study_generations WHERE routed_at IS NULL AND handover_until <= ? "
                    + "ORDER BY handover_until FETCH FIRST " + max + " ROWS ONLY", now);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(StudyCompleted.of(rs.getString(1), rs.getInt(2),
                            CompletionTrigger.valueOf(rs.getString(3)), Jdbc.instant(rs, 4)));
                }
            }
            for (StudyCompleted candidate : candidates) {
                if (Jdbc.update(c, "UPDATE study_generations SET handover_until = ?, "
                                + "handover_attempts = handover_attempts + 1 WHERE study_instance_uid = ? "
                                + "AND generation = ? AND routed_at IS NULL AND handover_until <= ?",
                        now.plus(handOverLease), candidate.studyInstanceUid(), candidate.generation(), now) == 1) {
                    taken.add(candidate);
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new AssemblyException("cannot take hand-overs", e);
        }
    }

    void handedOver(StudyCompleted study, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "UPDATE study_generations SET routed_at = ?, last_error = NULL WHERE study_instance_uid = ? "
                    + "AND generation = ? AND routed_at IS NULL", now, study.studyInstanceUid(), study.generation());
        } catch (SQLException e) {
            throw new AssemblyException("cannot mark study " + study.studyInstanceUid() + " routed", e);
        }
    }

    /** The lease stays: the sweep repeats the hand-over when it runs out. */
    void handOverFailed(StudyCompleted study, String error) {
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "UPDATE study_generations SET last_error = ? WHERE study_instance_uid = ? AND generation = ? "
                    + "AND routed_at IS NULL", Jdbc.bound(error, 2000), study.studyInstanceUid(), study.generation());
        } catch (SQLException e) {
            throw new AssemblyException("cannot record the failed hand-over of " + study.studyInstanceUid(), e);
        }
    }

    /** The earliest idle deadline of a study still assembling, or of an MPPS grace: when to look next. */
    Optional<Instant> earliestDeadline() {
        try (Connection c = dataSource.getConnection()) {
            Instant idle = min(c, "SELECT MIN(idle_deadline) FROM studies WHERE state = 'ASSEMBLING'");
            Instant grace = min(c, "SELECT MIN(grace_deadline) FROM mpps WHERE settled_at IS NULL "
                    + "AND grace_deadline IS NOT NULL");
            if (idle == null || grace == null) {
                return Optional.ofNullable(idle == null ? grace : idle);
            }
            return Optional.of(idle.isBefore(grace) ? idle : grace);
        } catch (SQLException e) {
            throw new AssemblyException("cannot read the next deadline", e);
        }
    }

    private static Instant min(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Jdbc.instant(rs, 1) : null;
        }
    }

    /** Where the study stands, with its trigger and times, for the API; empty when no instance arrived. */
    Optional<StudyStatus> status(String study) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT state, generation, idle_deadline, completion_trigger, "
                     + "first_received_at, last_received_at, completed_at FROM studies WHERE study_instance_uid = ?",
                     study);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            boolean assembling = ASSEMBLING.equals(rs.getString(1));
            int generation = rs.getInt(2);
            String trigger = rs.getString(4);
            return Optional.of(new StudyStatus(study,
                    assembling ? StudyStatus.State.ASSEMBLING : StudyStatus.State.COMPLETE,
                    generation, Jdbc.instant(rs, 3), !assembling && isRouted(study, generation),
                    trigger == null ? null : CompletionTrigger.valueOf(trigger), Jdbc.instant(rs, 5),
                    Jdbc.instant(rs, 6), Jdbc.instant(rs, 7)));
        } catch (SQLException e) {
            throw new AssemblyException("cannot read study " + study, e);
        }
    }

    /** Whether the completed generation has been handed over to routing. */
    boolean isRouted(String study, int generation) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT routed_at FROM study_generations "
                     + "WHERE study_instance_uid = ? AND generation = ?", study, generation);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && Jdbc.instant(rs, 1) != null;
        } catch (SQLException e) {
            throw new AssemblyException("cannot read study " + study, e);
        }
    }
}
