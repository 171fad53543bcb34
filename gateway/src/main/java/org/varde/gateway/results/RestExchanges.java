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

/** The {@code rest_exchanges} table (V15): each REST job's way back to its result. Blocking JDBC. */
public final class RestExchanges {
    private static final String COLUMNS = "job_id, algorithm_id, status_url, result_url, ready, vendor_error, next_check_at";
    private static final int MAX_URL = 2048;
    private static final int MAX_ERROR = 1024;

    /** What a callback's secret was found to be. */
    public enum Check { VALID, USED, UNKNOWN }

    private final DataSource dataSource;

    public RestExchanges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new attempt of the job: any earlier attempt's row (and secret) is gone. */
    public void open(String jobId, String algorithmId, String secretHashOrNull, Instant now) {
        run("open the exchange of job " + jobId, c -> {
            Jdbc.update(c, "DELETE FROM rest_exchanges WHERE job_id = ?", jobId);
            Jdbc.update(c, "INSERT INTO rest_exchanges (job_id, algorithm_id, secret_sha256, ready, next_check_at,"
                    + " created_at) VALUES (?, ?, ?, FALSE, ?, ?)", jobId, algorithmId, secretHashOrNull, now, now);
            return null;
        });
    }

    /**
     * The vendor's answer to the job's POST: where to poll and fetch. Keeps what an early callback
     * already said (it may come before the answer is processed).
     */
    public void answered(String jobId, String algorithmId, String statusUrl, String resultUrl, boolean ready,
                         Instant now, Instant firstStatusCheck) {
        Instant next = ready ? now : firstStatusCheck;
        run("record the vendor's answer for job " + jobId, c -> {
            // a row an early callback made ready is due now, whatever the answer says
            int updated = Jdbc.update(c, "UPDATE rest_exchanges SET status_url = ?, result_url = COALESCE(result_url, ?),"
                    + (ready ? " ready = TRUE," : "") + " next_check_at = CASE WHEN ready = TRUE THEN ? ELSE ? END"
                    + " WHERE job_id = ?", Jdbc.bound(statusUrl, MAX_URL), Jdbc.bound(resultUrl, MAX_URL), now, next,
                    jobId);
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO rest_exchanges (job_id, algorithm_id, status_url, result_url, ready,"
                        + " next_check_at, created_at) VALUES (?, ?, ?, ?, " + (ready ? "TRUE" : "FALSE") + ", ?, ?)",
                        jobId, algorithmId, Jdbc.bound(statusUrl, MAX_URL), Jdbc.bound(resultUrl, MAX_URL), next, now);
            }
            return null;
        });
    }

    /** Checks a presented secret against the job's current attempt, without using it. */
    public Check check(String jobId, String presentedSecret) {
        return run("check the callback secret of job " + jobId, c -> check(c, jobId, presentedSecret, false));
    }

    /**
     * The vendor's callback: with the valid, unused secret of the job's attempt, the secret is used up
     * and the job marked ready, atomically (two callbacks racing: one wins, the other finds it USED).
     */
    public Check callback(String jobId, String presentedSecret, String resultUrl, String vendorError, Instant now) {
        return run("record the callback of job " + jobId, c -> {
            Check check = check(c, jobId, presentedSecret, true);
            if (check != Check.VALID) {
                return check;
            }
            int updated = Jdbc.update(c, "UPDATE rest_exchanges SET secret_used_at = ?, ready = TRUE,"
                    + " result_url = COALESCE(?, result_url), vendor_error = ?, next_check_at = ?"
                    + " WHERE job_id = ? AND secret_used_at IS NULL", now, Jdbc.bound(resultUrl, MAX_URL),
                    Jdbc.bound(vendorError, MAX_ERROR), now, jobId);
            return updated == 1 ? Check.VALID : Check.USED;
        });
    }

    private static Check check(Connection c, String jobId, String presented, boolean lock) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT secret_sha256, secret_used_at FROM rest_exchanges"
                + " WHERE job_id = ?" + (lock ? " FOR UPDATE" : ""), jobId);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                // hash anyway: an unknown job answers in the time a wrong secret does
                CallbackSecrets.matches(presented, "00".repeat(32));
                return Check.UNKNOWN;
            }
            if (!CallbackSecrets.matches(presented, rs.getString(1))) {
                return Check.UNKNOWN;
            }
            return rs.getObject(2) == null ? Check.VALID : Check.USED;
        }
    }

    /** The vendor's status said done (poll). */
    public void ready(String jobId, String resultUrl, String vendorError, Instant now) {
        run("mark job " + jobId + " ready", c -> Jdbc.update(c, "UPDATE rest_exchanges SET ready = TRUE,"
                + " result_url = COALESCE(?, result_url), vendor_error = ?, next_check_at = ? WHERE job_id = ?",
                Jdbc.bound(resultUrl, MAX_URL), Jdbc.bound(vendorError, MAX_ERROR), now, jobId));
    }

    /** Rows of jobs waiting for their result that are due: ready to fetch, or to be polled. */
    public List<RestExchange> due(Instant now, int limit) {
        return query("SELECT " + prefixed() + " FROM rest_exchanges e JOIN jobs j ON j.id = e.job_id"
                + " WHERE j.state = 'WAITING_RESULT' AND e.next_check_at <= ?"
                + " AND (e.ready = TRUE OR e.status_url IS NOT NULL) ORDER BY e.next_check_at, e.job_id"
                + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", now);
    }

    /** Takes the row for this node until {@code until}: false when another node (or tick) took it first. */
    public boolean claim(RestExchange exchange, Instant until) {
        return run("claim the exchange of job " + exchange.jobId(), c -> Jdbc.update(c,
                "UPDATE rest_exchanges SET next_check_at = ? WHERE job_id = ? AND next_check_at = ?", until,
                exchange.jobId(), exchange.nextCheckAt()) == 1);
    }

    public void checkAgainAt(String jobId, Instant at) {
        run("reschedule job " + jobId, c -> Jdbc.update(c, "UPDATE rest_exchanges SET next_check_at = ? WHERE job_id = ?",
                at, jobId));
    }

    public Optional<RestExchange> forJob(String jobId) {
        return query("SELECT " + prefixed() + " FROM rest_exchanges e WHERE e.job_id = ?", jobId).stream().findFirst();
    }

    private static String prefixed() {
        return "e." + COLUMNS.replace(", ", ", e.");
    }

    private List<RestExchange> query(String sql, Object... parameters) {
        return run("read REST exchanges", c -> {
            List<RestExchange> rows = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, sql, parameters); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RestExchange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6), Jdbc.instant(rs, 7)));
                }
            }
            return rows;
        });
    }

    private <T> T run(String what, Jdbc.Work<T> work) {
        try {
            return Jdbc.transaction(dataSource, work);
        } catch (SQLException e) {
            throw new ResultsException("cannot " + what, e);
        }
    }
}
