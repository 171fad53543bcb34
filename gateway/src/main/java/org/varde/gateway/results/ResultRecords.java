package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code results} and {@code result_objects} tables. Blocking JDBC. */
public final class ResultRecords implements ResultQueries {
    private static final String COLUMNS = "id, job_id, algorithm_id, study_instance_uid, status, verdict, "
            + "reported_name, reported_version, approved_version, result_json, protocol, received_at";
    private static final String OBJECT_COLUMNS = "id, job_id, result_id, sop_class_uid, sop_instance_uid, media_type, "
            + "spool_path, byte_count, calling_ae_title, received_at";

    private final DataSource dataSource;

    public ResultRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the result, ties the objects it came in to it and ends the job's wait, in one
     * transaction: from here on the result survives a restart even if the job has not moved yet
     * ({@link #unapplied()} finds it).
     */
    public void record(StoredResult r, List<Long> objectIds) {
        try {
            Jdbc.transaction(dataSource, c -> {
                Jdbc.update(c, "INSERT INTO results (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        r.id(), r.jobId(), r.algorithmId(), r.studyInstanceUid(), r.state().name(), r.verdict(),
                        Jdbc.bound(r.reportedName(), 256), Jdbc.bound(r.reportedVersion(), 128),
                        Jdbc.bound(r.approvedVersion(), 128), r.result().encode(), r.protocol(), r.receivedAt());
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE result_objects SET result_id = ? WHERE id = ? AND job_id = ?")) {
                    for (long id : objectIds) {
                        ps.setString(1, r.id());
                        ps.setLong(2, id);
                        ps.setString(3, r.jobId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                Jdbc.update(c, "DELETE FROM result_waits WHERE job_id = ?", r.jobId());
                return null;
            });
        } catch (SQLException e) {
            throw new ResultsException("cannot record the result of job " + r.jobId(), e);
        }
    }

    /** Journals one received object with the job it was matched to; returns its row id. */
    public long addObject(String jobId, String sopClassUid, String sopInstanceUid, String mediaType, String spoolPath,
                          long byteCount, String callingAeTitle, Instant receivedAt) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO result_objects (job_id, sop_class_uid, "
                     + "sop_instance_uid, media_type, spool_path, byte_count, calling_ae_title, received_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, jobId);
            ps.setString(2, sopClassUid);
            ps.setString(3, sopInstanceUid);
            ps.setString(4, mediaType);
            ps.setString(5, spoolPath);
            ps.setLong(6, byteCount);
            ps.setString(7, Jdbc.bound(callingAeTitle, 80));
            Jdbc.setInstant(ps, 8, receivedAt);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for the result object");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new ResultsException("cannot journal a result object of job " + jobId, e);
        }
    }

    /** One result by its id. */
    public java.util.Optional<StoredResult> find(String resultId) {
        return query("SELECT " + COLUMNS + " FROM results WHERE id = ?", resultId).stream().findFirst();
    }

    /** Every result of a job, newest first: the first is the job's result. */
    @Override
    public List<StoredResult> forJob(String jobId) {
        return query("SELECT " + COLUMNS + " FROM results WHERE job_id = ? ORDER BY received_at DESC, id", jobId);
    }

    @Override
    public List<StoredResult> forStudy(String studyInstanceUid) {
        return query("SELECT " + COLUMNS + " FROM results WHERE study_instance_uid = ? ORDER BY received_at, id",
                studyInstanceUid);
    }

    /** Results, newest first, filtered by state and algorithm when given (null: any). */
    @Override
    public List<StoredResult> list(ResultState stateOrNull, String algorithmOrNull, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM results WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (stateOrNull != null) {
            sql.append(" AND status = ?");
            values.add(stateOrNull.name());
        }
        if (algorithmOrNull != null) {
            sql.append(" AND algorithm_id = ?");
            values.add(algorithmOrNull);
        }
        sql.append(" ORDER BY received_at DESC, id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), values.toArray());
    }

    /**
     * Results recorded while their job still waits with no wait row left: the node stopped between
     * recording a result and moving its job. The job is moved on at start-up.
     */
    public List<StoredResult> unapplied() {
        return query("SELECT " + prefixed("r") + " FROM results r JOIN jobs j ON j.id = r.job_id "
                + "WHERE j.state = 'WAITING_RESULT' AND NOT EXISTS "
                + "(SELECT 1 FROM result_waits w WHERE w.job_id = j.id) ORDER BY r.received_at");
    }

    @Override
    public List<ResultObject> objects(String jobId) {
        List<ResultObject> objects = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT " + OBJECT_COLUMNS
                     + " FROM result_objects WHERE job_id = ? ORDER BY id", jobId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                objects.add(new ResultObject(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                        Jdbc.instant(rs, 10)));
            }
            return objects;
        } catch (SQLException e) {
            throw new ResultsException("cannot read the result objects of job " + jobId, e);
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private List<StoredResult> query(String sql, Object... values) {
        List<StoredResult> results = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                results.add(new StoredResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        ResultState.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), new JsonObject(rs.getString(10)), rs.getString(11), Jdbc.instant(rs, 12)));
            }
            return results;
        } catch (SQLException e) {
            throw new ResultsException("cannot read results", e);
        }
    }
}
