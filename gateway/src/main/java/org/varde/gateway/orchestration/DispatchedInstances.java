package org.varde.gateway.orchestration;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code dispatched_instances} table (V4): which instances each algorithm's vendor acknowledged,
 * so that a follow-up job ("study updated") sends only what the vendor has not had. Blocking JDBC.
 */
public final class DispatchedInstances {
    private final DataSource dataSource;

    public DispatchedInstances(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** SOP Instance UIDs of the study that {@code algorithmId} already received from jobs other than {@code jobId}. */
    public Set<String> sentByOtherJobs(String algorithmId, String studyInstanceUid, String jobId) {
        Set<String> sent = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sop_instance_uid FROM dispatched_instances "
                     + "WHERE algorithm_id = ? AND study_instance_uid = ? AND job_id <> ?")) {
            ps.setString(1, algorithmId);
            ps.setString(2, studyInstanceUid);
            ps.setString(3, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
            return sent;
        } catch (SQLException e) {
            throw new OrchestrationException("cannot read dispatched instances of job for " + algorithmId, e);
        }
    }

    /** SOP Instance UIDs the vendor acknowledged for {@code jobId} (what its result is about). */
    public Set<String> forJob(String jobId) {
        Set<String> sent = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sop_instance_uid FROM dispatched_instances WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
            return sent;
        } catch (SQLException e) {
            throw new OrchestrationException("cannot read dispatched instances of job " + jobId, e);
        }
    }

    /** Records the acknowledged instances; one sent again (a job taken over after a crash) keeps one row. */
    public void record(String algorithmId, String studyInstanceUid, String jobId, Collection<String> sopInstanceUids,
                       Instant sentAt) {
        try {
            // delete-then-insert: portable where H2's MERGE and PostgreSQL's ON CONFLICT are not
            Jdbc.transaction(dataSource, c -> {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM dispatched_instances WHERE algorithm_id = ? AND sop_instance_uid = ?");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO dispatched_instances "
                             + "(algorithm_id, sop_instance_uid, study_instance_uid, job_id, sent_at) "
                             + "VALUES (?, ?, ?, ?, ?)")) {
                    for (String uid : sopInstanceUids) {
                        delete.setString(1, algorithmId);
                        delete.setString(2, uid);
                        delete.addBatch();
                        insert.setString(1, algorithmId);
                        insert.setString(2, uid);
                        insert.setString(3, studyInstanceUid);
                        insert.setString(4, jobId);
                        Jdbc.setInstant(insert, 5, sentAt);
                        insert.addBatch();
                    }
                    delete.executeBatch();
                    insert.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new OrchestrationException("cannot record dispatched instances of job " + jobId, e);
        }
    }
}
