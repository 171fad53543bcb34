package org.varde.gateway.worklist;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code workitems} and {@code workitem_instances} rows. Every state change is one conditional
 * UPDATE (the state, and for the performer's moves its Transaction UID, in the WHERE clause), so two
 * performers, or a performer and Varde's sweep, racing for one workitem cannot both win. Blocking JDBC.
 */
public final class WorkitemStore {
    private static final String COLUMNS = "uid, job_id, idempotency_key, algorithm_id, study_instance_uid, state, "
            + "priority, retrieve_base_url, transaction_uid, created_at, started_at, finished_at, cancel_requested_at, "
            + "cancel_reason, ended_by, final_reason, applied_at";
    private static final int MAX_REASON = 1024;

    private final DataSource dataSource;

    public WorkitemStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The workitem and its input, in one transaction. */
    public void create(Workitem w, List<WorkitemInput> input) {
        try {
            Jdbc.transaction(dataSource, c -> {
                Jdbc.update(c, "INSERT INTO workitems (uid, job_id, idempotency_key, algorithm_id, study_instance_uid, "
                                + "state, priority, retrieve_base_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        w.uid(), w.jobId(), w.idempotencyKey(), w.algorithmId(), w.studyInstanceUid(), w.state().word(),
                        w.priority(), w.retrieveBaseUrlOrNull() == null ? null : w.retrieveBaseUrlOrNull().toString(),
                        w.createdAt());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workitem_instances (workitem_uid, "
                        + "study_instance_uid, series_instance_uid, sop_class_uid, sop_instance_uid) VALUES (?, ?, ?, ?, ?)")) {
                    for (WorkitemInput i : input) {
                        ps.setString(1, w.uid());
                        ps.setString(2, i.studyInstanceUid());
                        ps.setString(3, i.seriesInstanceUid());
                        ps.setString(4, i.sopClassUid());
                        ps.setString(5, i.sopInstanceUid());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new WorklistException("cannot create workitem " + w.uid(), e);
        }
    }

    public Optional<Workitem> get(String uid) {
        return query("SELECT " + COLUMNS + " FROM workitems WHERE uid = ?", uid).stream().findFirst();
    }

    /** The open workitem of a job's key no cancellation was asked for, newest first. */
    public Optional<Workitem> openFor(String idempotencyKey) {
        return query("SELECT " + COLUMNS + " FROM workitems WHERE idempotency_key = ? AND state IN ('SCHEDULED', "
                + "'IN PROGRESS') AND cancel_requested_at IS NULL ORDER BY created_at DESC", idempotencyKey)
                .stream().findFirst();
    }

    /** An algorithm's workitems, oldest first, optionally in one state and of one study. */
    public List<Workitem> search(String algorithmId, ProcedureStepState stateOrNull, String studyOrNull, int offset,
                                 int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM workitems WHERE algorithm_id = ?");
        List<Object> values = new ArrayList<>(List.of(algorithmId));
        if (stateOrNull != null) {
            sql.append(" AND state = ?");
            values.add(stateOrNull.word());
        }
        if (studyOrNull != null) {
            sql.append(" AND study_instance_uid = ?");
            values.add(studyOrNull);
        }
        sql.append(" ORDER BY created_at, uid OFFSET ").append(Math.max(0, offset)).append(" ROWS FETCH FIRST ")
                .append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), values.toArray());
    }

    /** SCHEDULED → IN PROGRESS with the performer's Transaction UID; false when it was not SCHEDULED. */
    public boolean claim(String uid, String transactionUid, Instant now) {
        return update("UPDATE workitems SET state = 'IN PROGRESS', transaction_uid = ?, started_at = ? "
                + "WHERE uid = ? AND state = 'SCHEDULED'", transactionUid, now, uid) == 1;
    }

    /** IN PROGRESS → COMPLETED or CANCELED by its performer; false unless IN PROGRESS under that Transaction UID. */
    public boolean finish(String uid, String transactionUid, ProcedureStepState to, String reasonOrNull, Instant now) {
        return update("UPDATE workitems SET state = ?, finished_at = ?, ended_by = ?, final_reason = ? "
                        + "WHERE uid = ? AND state = 'IN PROGRESS' AND transaction_uid = ?", to.word(), now,
                Workitem.BY_PERFORMER, Jdbc.bound(reasonOrNull, MAX_REASON), uid, transactionUid) == 1;
    }

    /**
     * SCHEDULED → CANCELED by Varde (PS3.4 CC.2.2.3: the SCP cancels a workitem no performer owns).
     * False when it was not SCHEDULED.
     *
     * @param tellTheJob false when the job's own move is why (it stopped waiting); true when someone
     *                   asked (an operator): the job's attempt then fails
     */
    public boolean cancelScheduled(String uid, String reason, boolean tellTheJob, Instant now) {
        return update("UPDATE workitems SET state = 'CANCELED', finished_at = ?, ended_by = ?, final_reason = ?, "
                        + "cancel_requested_at = ?, cancel_reason = ?, applied_at = ? WHERE uid = ? AND state = 'SCHEDULED'",
                now, Workitem.BY_VARDE, Jdbc.bound(reason, MAX_REASON), now, Jdbc.bound(reason, MAX_REASON),
                tellTheJob ? null : now, uid) == 1;
    }

    /** The newest workitem of a job: the one its current attempt waits on. */
    public Optional<Workitem> newestOf(String jobId) {
        return query("SELECT " + COLUMNS + " FROM workitems WHERE job_id = ? ORDER BY created_at DESC, uid DESC "
                + "FETCH FIRST 1 ROWS ONLY", jobId).stream().findFirst();
    }

    /** Records a cancellation request for an IN PROGRESS workitem, once; false otherwise. */
    public boolean requestCancel(String uid, String reason, Instant now) {
        return update("UPDATE workitems SET cancel_requested_at = ?, cancel_reason = ? WHERE uid = ? "
                + "AND state = 'IN PROGRESS' AND cancel_requested_at IS NULL", now, Jdbc.bound(reason, MAX_REASON), uid) == 1;
    }

    /** Workitems still SCHEDULED or IN PROGRESS, oldest first. */
    public List<Workitem> open(int limit) {
        return query("SELECT " + COLUMNS + " FROM workitems WHERE state IN ('SCHEDULED', 'IN PROGRESS') "
                + "ORDER BY created_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY");
    }

    /** Workitems a performer ended whose job has not been told yet. */
    public List<Workitem> unapplied(int limit) {
        return query("SELECT " + COLUMNS + " FROM workitems WHERE state IN ('COMPLETED', 'CANCELED') "
                + "AND applied_at IS NULL ORDER BY finished_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY");
    }

    public void applied(String uid, Instant now) {
        update("UPDATE workitems SET applied_at = ? WHERE uid = ? AND applied_at IS NULL", now, uid);
    }

    public List<WorkitemInput> input(String uid) {
        return inputs("SELECT workitem_uid, study_instance_uid, series_instance_uid, sop_class_uid, sop_instance_uid "
                + "FROM workitem_instances WHERE workitem_uid = ? ORDER BY series_instance_uid, sop_instance_uid", uid);
    }

    /**
     * The instances of one series the algorithm's open workitems list: what WADO-RS may give its vendor.
     * Each once, whatever number of workitems list it.
     */
    public List<WorkitemInput> retrievable(String algorithmId, String studyUid, String seriesUid) {
        return inputs("SELECT MIN(i.workitem_uid), i.study_instance_uid, i.series_instance_uid, MIN(i.sop_class_uid), "
                + "i.sop_instance_uid FROM workitem_instances i JOIN workitems w ON w.uid = i.workitem_uid "
                + "WHERE w.algorithm_id = ? AND w.state IN ('SCHEDULED', 'IN PROGRESS') AND i.study_instance_uid = ? "
                + "AND i.series_instance_uid = ? GROUP BY i.study_instance_uid, i.series_instance_uid, i.sop_instance_uid "
                + "ORDER BY i.sop_instance_uid", algorithmId, studyUid, seriesUid);
    }

    private int update(String sql, Object... values) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.update(c, sql, values);
        } catch (SQLException e) {
            throw new WorklistException("cannot update workitems", e);
        }
    }

    private List<Workitem> query(String sql, Object... values) {
        List<Workitem> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(row(rs));
            }
            return found;
        } catch (SQLException e) {
            throw new WorklistException("cannot read workitems", e);
        }
    }

    private static Workitem row(ResultSet rs) throws SQLException {
        String url = rs.getString(8);
        return new Workitem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                ProcedureStepState.fromWord(rs.getString(6)).orElseThrow(), rs.getString(7),
                url == null ? null : URI.create(url), rs.getString(9), Jdbc.instant(rs, 10), Jdbc.instant(rs, 11),
                Jdbc.instant(rs, 12), Jdbc.instant(rs, 13), rs.getString(14), rs.getString(15), rs.getString(16),
                Jdbc.instant(rs, 17));
    }

    private List<WorkitemInput> inputs(String sql, Object... values) {
        List<WorkitemInput> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new WorkitemInput(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
            return found;
        } catch (SQLException e) {
            throw new WorklistException("cannot read workitem instances", e);
        }
    }
}
