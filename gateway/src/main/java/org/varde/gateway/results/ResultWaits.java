package org.varde.gateway.results;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code result_waits} table: which jobs wait for a result, and until when. Blocking JDBC. */
public final class ResultWaits {
    private static final String COLUMNS = "job_id, algorithm_id, study_instance_uid, deadline, created_at";

    private final DataSource dataSource;

    public ResultWaits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The job now waits until {@code deadline}; a wait of an earlier attempt of the job is replaced. */
    public void expect(String jobId, String algorithmId, String studyInstanceUid, Instant deadline, Instant now) {
        try {
            Jdbc.transaction(dataSource, c -> {
                Jdbc.update(c, "DELETE FROM result_waits WHERE job_id = ?", jobId);
                Jdbc.update(c, "INSERT INTO result_waits (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", jobId,
                        algorithmId, studyInstanceUid, deadline, now);
                return null;
            });
        } catch (SQLException e) {
            throw new ResultsException("cannot record that job " + jobId + " waits for its result", e);
        }
    }

    public void remove(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "DELETE FROM result_waits WHERE job_id = ?", jobId);
        } catch (SQLException e) {
            throw new ResultsException("cannot remove the wait of job " + jobId, e);
        }
    }

    /** Waits whose deadline has passed at {@code now}, earliest first. */
    public List<ResultWait> due(Instant now, int limit) {
        return query("SELECT " + COLUMNS + " FROM result_waits WHERE deadline <= ? ORDER BY deadline, job_id "
                + "FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", now);
    }

    /**
     * The waits of the given algorithms' jobs whose next poll is due at {@code now}, oldest first:
     * candidates only, each to be {@link #claimPoll claimed} before it is polled.
     */
    public List<ResultWait> duePolls(java.util.Collection<String> algorithmIds, Instant now, int limit) {
        List<ResultWait> waits = new ArrayList<>();
        for (String id : algorithmIds) {
            waits.addAll(query("SELECT " + COLUMNS + " FROM result_waits WHERE algorithm_id = ? AND "
                    + POLL_DUE + " ORDER BY created_at, job_id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                    id, now));
        }
        return waits;
    }

    /**
     * Claims the poll of {@code jobId} due at {@code now} and schedules the next one at {@code next}.
     * One conditional UPDATE, as a job claim's lease: of nodes racing for the same slot exactly one
     * matches the row (the others find it moved on, PostgreSQL and H2 alike re-check the WHERE after a
     * concurrent update commits), and a restarted node reads the schedule from the row.
     *
     * @return whether this caller holds the slot and may poll now
     */
    public boolean claimPoll(String jobId, Instant now, Instant next) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.update(c, "UPDATE result_waits SET next_poll_at = ? WHERE job_id = ? AND " + POLL_DUE,
                    next, jobId, now) == 1;
        } catch (SQLException e) {
            throw new ResultsException("cannot claim the result poll of job " + jobId, e);
        }
    }

    /** When the wait of {@code jobId} is next polled; empty when not polled yet (due now) or not waiting. */
    public Optional<Instant> nextPoll(String jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT next_poll_at FROM result_waits WHERE job_id = ?", jobId);
             ResultSet rs = ps.executeQuery()) {
            return Optional.ofNullable(rs.next() ? Jdbc.instant(rs, 1) : null);
        } catch (SQLException e) {
            throw new ResultsException("cannot read the next result poll of job " + jobId, e);
        }
    }

    private static final String POLL_DUE = "(next_poll_at IS NULL OR next_poll_at <= ?)";

    /** The waits of a study's jobs: the candidates a result for that study may belong to. */
    public List<ResultWait> forStudy(String studyInstanceUid) {
        return query("SELECT " + COLUMNS + " FROM result_waits WHERE study_instance_uid = ? ORDER BY created_at",
                studyInstanceUid);
    }

    public Optional<ResultWait> forJob(String jobId) {
        return query("SELECT " + COLUMNS + " FROM result_waits WHERE job_id = ?", jobId).stream().findFirst();
    }

    /** The earliest deadline of all, for the timer. */
    public Optional<Instant> earliestDeadline() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(deadline) FROM result_waits");
             ResultSet rs = ps.executeQuery()) {
            return Optional.ofNullable(rs.next() ? Jdbc.instant(rs, 1) : null);
        } catch (SQLException e) {
            throw new ResultsException("cannot read the earliest result deadline", e);
        }
    }

    private List<ResultWait> query(String sql, Object... parameters) {
        List<ResultWait> waits = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql, parameters);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                waits.add(new ResultWait(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, 4),
                        Jdbc.instant(rs, 5)));
            }
            return waits;
        } catch (SQLException e) {
            throw new ResultsException("cannot read result waits", e);
        }
    }
}
