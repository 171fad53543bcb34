package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each step took, p50 and p95, for the studies an algorithm was dispatched in the period
 * (usage ledger), from the timestamps the stages recorded: the generation's last instance and its
 * completion (study_generations, V26), the first acknowledged dispatch (usage_ledger), the first
 * result (results) and the last sink that delivered it (deliveries, DELIVERED only: a shadow
 * route's kept deliveries reach nobody). A step is counted only where both of its ends were
 * recorded, so each step says how many it rests on.
 */
final class Turnaround {
    /** A period of a large department's year per algorithm, bounded: the answer says when it was cut. */
    static final int MAX_ROWS = 200_000;
    private static final Filter.Columns USAGE = new Filter.Columns("u.algorithm_id", "u.route_name", "u.site", "u.mode");

    /** The recorded moments, in the order a study passes them. */
    private static final String[] MOMENTS = {"lastInstance", "complete", "dispatched", "result", "delivered"};

    private Turnaround() {
    }

    static JsonObject compute(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("u.dispatched_at", USAGE, values);
        List<Instant[]> rows = new ArrayList<>();
        boolean truncated = false;
        // usage_ledger.generation counts from 1 (the job store's), study_generations from 0 (the assembler's)
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT g.last_instance_at, g.completed_at, u.dispatched_at, "
                + "(SELECT MIN(r.received_at) FROM results r WHERE r.job_id = u.job_id), "
                + "(SELECT MAX(d.finished_at) FROM deliveries d WHERE d.job_id = u.job_id AND d.state = 'DELIVERED') "
                + "FROM usage_ledger u LEFT JOIN study_generations g ON g.study_instance_uid = u.study_instance_uid "
                + "AND g.generation = u.generation - 1 WHERE " + where + " ORDER BY u.dispatched_at "
                + "FETCH FIRST " + (MAX_ROWS + 1) + " ROWS ONLY", values.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rows.size() == MAX_ROWS) {
                    truncated = true;
                    break;
                }
                Instant[] row = new Instant[MOMENTS.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Jdbc.instant(rs, i + 1);
                }
                rows.add(row);
            }
        }
        JsonObject steps = new JsonObject();
        for (int i = 0; i + 1 < MOMENTS.length; i++) {
            steps.put(MOMENTS[i] + "To" + capital(MOMENTS[i + 1]), step(rows, i, i + 1));
        }
        steps.put("lastInstanceToResult", step(rows, 0, 3));
        steps.put("lastInstanceToDelivered", step(rows, 0, 4));
        return new JsonObject().put("studies", rows.size()).put("truncated", truncated).put("steps", steps);
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static JsonObject step(List<Instant[]> rows, int start, int end) {
        List<Double> seconds = new ArrayList<>();
        for (Instant[] row : rows) {
            if (row[start] != null && row[end] != null) {
                seconds.add(Duration.between(row[start], row[end]).toMillis() / 1000.0);
            }
        }
        seconds.sort(Double::compare);
        return new JsonObject().put("n", seconds.size()).put("p50Seconds", percentile(seconds, 0.50))
                .put("p95Seconds", percentile(seconds, 0.95));
    }

    /** Nearest-rank percentile of sorted values (the smallest value with at least p of them at or below it); null when none. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
