package org.varde.gateway.value;

import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Rows as the stages write them, inserted directly so a figure can be compared with a number
 * computed by hand: a study, its site, a routing decision, a completed generation, a job with its
 * usage row, a result, a delivery.
 */
final class ValueRows {
    private final DataSource dataSource;
    private final JdbcJobStore jobs;

    ValueRows(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jobs = new JdbcJobStore(dataSource);
    }

    DataSource dataSource() {
        return dataSource;
    }

    void update(String sql, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, sql, values);
        }
    }

    /** A study first received at {@code received}, at {@code site} (null: no site row, so 'unassigned'). */
    void study(String uid, String site, Instant received) throws SQLException {
        update("INSERT INTO studies (study_instance_uid, state, generation, first_received_at, last_received_at) "
                + "VALUES (?, 'COMPLETE', 0, ?, ?)", uid, received, received);
        if (site != null) {
            update("INSERT INTO study_sites (study_instance_uid, site, matched_by, assigned_at) "
                    + "VALUES (?, ?, 'CALLING_AE_TITLE', ?)", uid, site, received);
        }
    }

    /** Generation 0 of the study: its last instance and its completion. */
    void completed(String uid, Instant lastInstance, Instant completedAt) throws SQLException {
        update("INSERT INTO study_generations (study_instance_uid, generation, completion_trigger, completed_at, "
                + "handover_until, last_instance_at) VALUES (?, 0, 'IDLE', ?, ?, ?)", uid, completedAt, completedAt,
                lastInstance);
    }

    /**
     * A routing decision; a GUARD_REFUSED one fails {@code failedCheck} at {@code scope} (study or
     * series) after a passed check, as the guard's explanation lists them.
     */
    void decision(String uid, String route, String algorithm, String outcome, String mode, String failedCheck,
                  String scope, Instant at) throws SQLException {
        String reasons = failedCheck == null ? "[]" : "[{\"stage\":\"guard\",\"scope\":\"study\",\"check\":"
                + "\"Modality in [CT]\",\"passed\":true,\"actual\":\"CT\",\"text\":\"ok\"},{\"stage\":\"guard\","
                + "\"scope\":\"" + scope + "\",\"check\":\"" + failedCheck + "\",\"passed\":false,\"actual\":\"x\","
                + "\"text\":\"outside\"}]";
        update("INSERT INTO routing_decisions (study_instance_uid, generation, route_name, algorithm_id, outcome, mode, "
                + "disposition, decision_json, decided_at) VALUES (?, 0, ?, ?, ?, ?, 'NONE', ?, ?)", uid, route,
                algorithm, outcome, mode, "{\"reasons\":" + reasons + "}", at);
    }

    /** A job of generation 1 and its usage row, dispatched at {@code dispatched}. */
    Job dispatched(String uid, String algorithm, String route, RouteMode mode, String site, Instant dispatched)
            throws SQLException {
        Job job = jobs.create(new NewJob(uid, algorithm, route, mode, 1, List.of(uid + ".1")));
        update("INSERT INTO usage_ledger (algorithm_id, study_instance_uid, generation, job_id, route_name, mode, site, "
                + "dispatched_at, result_status) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 'PENDING')", algorithm, uid, job.id(),
                route, mode.name(), site, dispatched);
        return job;
    }

    /** A RECEIVED result of the job with this verdict; its id. */
    String result(Job job, String verdict, Instant received) throws SQLException {
        return result(job, verdict, "{}", received);
    }

    /** A RECEIVED result of the job with this verdict and normalised result (ResultJson's form); its id. */
    String result(Job job, String verdict, String resultJson, Instant received) throws SQLException {
        String id = UUID.randomUUID().toString();
        update("INSERT INTO results (id, job_id, algorithm_id, study_instance_uid, status, verdict, reported_name, "
                + "reported_version, approved_version, result_json, protocol, received_at) "
                + "VALUES (?, ?, ?, ?, 'RECEIVED', ?, 'P', '1', '1', ?, 'dicom', ?)", id, job.id(), job.algorithmId(),
                job.studyInstanceUid(), verdict, resultJson, received);
        update("UPDATE usage_ledger SET result_status = 'RECEIVED', result_at = ? WHERE job_id = ?", received, job.id());
        return id;
    }

    /** A delivery of the result to {@code sink} that ended in {@code state} at {@code finished}. */
    void delivery(String resultId, Job job, String sink, String state, String priority, Instant finished)
            throws SQLException {
        update("INSERT INTO deliveries (id, result_id, result_version, job_id, study_instance_uid, algorithm_id, sink, "
                + "mode, state, priority, attempts, max_attempts, next_attempt_at, created_at, updated_at, finished_at, "
                + "version) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 1, 5, ?, ?, ?, ?, 0)", UUID.randomUUID().toString(),
                resultId, job.id(), job.studyInstanceUid(), job.algorithmId(), sink, job.mode().name(), state, priority,
                finished, finished, finished, finished);
    }
}
