package org.varde.gateway.usage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobMoves;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.sites.Sites;
import org.varde.gateway.sites.StudySites;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage ledger (V17 {@code usage_ledger}): one row per (algorithm, study, generation) a vendor
 * processed, kept from the jobs' moves. The vendor's acknowledgement of the dispatch makes the row
 * (PENDING; a retry's dispatch keeps the first time); the result makes it RECEIVED or QUARANTINED;
 * a failed wait NO_RESULT until a retry's result replaces it. No foreign key to jobs or studies: the
 * purge of images and identity never takes a row with it.
 */
public final class UsageLedger implements JobMoves {
    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
    private static final String COLUMNS = "algorithm_id, study_instance_uid, generation, job_id, route_name, mode, "
            + "site, dispatched_at, result_status, result_at";

    private final DataSource dataSource;
    private final Clock clock;

    public UsageLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public void moved(Job after, JobState from, String actor, String detail) {
        try {
            if (from == JobState.DISPATCHING && after.state() == JobState.WAITING_RESULT) {
                dispatched(after);
            } else if (from == JobState.WAITING_RESULT && after.state() == JobState.RESULT_RECEIVED) {
                answered(after, UsageStatus.RECEIVED);
            } else if (from == JobState.WAITING_RESULT && after.state() == JobState.QUARANTINED) {
                answered(after, UsageStatus.QUARANTINED);
            } else if (from == JobState.WAITING_RESULT
                    && (after.state() == JobState.PENDING || after.state() == JobState.DEAD_LETTER)) {
                answered(after, UsageStatus.NO_RESULT);
            }
        } catch (SQLException e) {
            LOG.error("usage of job {} ({} -> {}) NOT recorded: {}", after.id(), from, after.state(), e.toString());
        }
    }

    /** The vendor acknowledged the study: it is processing it. */
    void dispatched(Job job) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int updated = Jdbc.update(c, "UPDATE usage_ledger SET result_status = ?, job_id = ?, result_at = NULL "
                            + "WHERE algorithm_id = ? AND study_instance_uid = ? AND generation = ?",
                    UsageStatus.PENDING.name(), job.id(), job.algorithmId(), job.studyInstanceUid(), job.generation());
            if (updated == 0) {
                String site = StudySites.siteOf(c, job.studyInstanceUid()).orElse(Sites.UNASSIGNED);
                try {
                    Jdbc.update(c, "INSERT INTO usage_ledger (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            job.algorithmId(), job.studyInstanceUid(), job.generation(), job.id(), job.routeName(),
                            job.mode().name(), site, clock.instant(), UsageStatus.PENDING.name(), null);
                } catch (SQLException e) {
                    if (!Jdbc.isDuplicate(e)) {
                        throw e;
                    }
                }
            }
        }
    }

    void answered(Job job, UsageStatus status) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "UPDATE usage_ledger SET result_status = ?, result_at = ?, job_id = ? "
                            + "WHERE algorithm_id = ? AND study_instance_uid = ? AND generation = ?",
                    status.name(), clock.instant(), job.id(), job.algorithmId(), job.studyInstanceUid(),
                    job.generation());
        }
    }

    /**
     * Rows dispatched in {@code [from, to)}, oldest first; {@code algorithm} and {@code site} filter
     * when not null.
     */
    public List<UsageRow> between(Instant from, Instant to, String algorithm, String site) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM usage_ledger WHERE dispatched_at >= ? "
                + "AND dispatched_at < ?");
        List<Object> values = new ArrayList<>(List.of(from, to));
        if (algorithm != null) {
            sql.append(" AND algorithm_id = ?");
            values.add(algorithm);
        }
        if (site != null) {
            sql.append(" AND site = ?");
            values.add(site);
        }
        sql.append(" ORDER BY dispatched_at, algorithm_id, study_instance_uid, generation");
        List<UsageRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, sql.toString(), values.toArray());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new UsageRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Jdbc.instant(rs, 8),
                        UsageStatus.valueOf(rs.getString(9)), Jdbc.instant(rs, 10)));
            }
        }
        return rows;
    }
}
