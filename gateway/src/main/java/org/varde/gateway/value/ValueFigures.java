package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an algorithm is worth over a period, from what Varde recorded: studies dispatched and their
 * results by status (usage ledger, by dispatch time), positives and the flag rate (results received
 * in the period), and from radiologists' feedback given in the period (the newest per result) the
 * agreement rate, PPV and NPV, each with its Wilson 95 % interval and the n it rests on. Every
 * filter is optional: algorithm, site, mode (CLINICAL or SHADOW).
 */
public final class ValueFigures {
    private final DataSource dataSource;

    public ValueFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Filter(String algorithm, Instant from, Instant to, String site, String mode) {
    }

    public JsonObject compute(Filter f) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JsonObject volumes = volumes(c, f);
            long[] flags = flags(c, f);
            volumes.put("resultsReceivedInPeriod", flags[1]).put("positives", flags[0]);
            return new JsonObject()
                    .put("algorithm", f.algorithm()).put("from", f.from().toString()).put("to", f.to().toString())
                    .put("site", f.site()).put("mode", f.mode())
                    .put("volumes", volumes)
                    .put("flagRate", Wilson.of(flags[0], flags[1]).toJson())
                    .put("feedback", feedback(c, f));
        }
    }

    private JsonObject volumes(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>(List.of(f.from(), f.to()));
        String where = "dispatched_at >= ? AND dispatched_at < ?" + filters(f, values, "algorithm_id", "site", "mode");
        JsonObject byStatus = new JsonObject().put("PENDING", 0L).put("RECEIVED", 0L).put("QUARANTINED", 0L)
                .put("NO_RESULT", 0L);
        long dispatched = 0;
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT result_status, COUNT(*) FROM usage_ledger WHERE " + where
                + " GROUP BY result_status", values.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byStatus.put(rs.getString(1), rs.getLong(2));
                dispatched += rs.getLong(2);
            }
        }
        return new JsonObject().put("dispatched", dispatched).put("resultsByStatus", byStatus)
                .put("quarantined", byStatus.getLong("QUARANTINED"));
    }

    /** {positives, received}: results recorded as RECEIVED in the period, by the algorithm's verdict. */
    private long[] flags(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>(List.of(f.from(), f.to()));
        String where = "r.status = 'RECEIVED' AND r.received_at >= ? AND r.received_at < ?"
                + filters(f, values, "r.algorithm_id", "COALESCE(s.site, 'unassigned')", "j.mode");
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT SUM(CASE WHEN r.verdict = 'positive' THEN 1 ELSE 0 END), "
                + "COUNT(*) FROM results r JOIN jobs j ON j.id = r.job_id LEFT JOIN study_sites s "
                + "ON s.study_instance_uid = r.study_instance_uid WHERE " + where, values.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private JsonObject feedback(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>(List.of(f.from(), f.to()));
        String where = "f.given_at >= ? AND f.given_at < ?" + filters(f, values, "f.algorithm_id", "f.site", "f.mode")
                // the newest word on each result counts
                + " AND NOT EXISTS (SELECT 1 FROM result_feedback g WHERE g.result_id = f.result_id "
                + "AND (g.given_at > f.given_at OR (g.given_at = f.given_at AND g.id > f.id)))";
        long agree = 0, partly = 0, total = 0, tp = 0, fp = 0, tn = 0, fn = 0;
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT f.verdict, f.agreement, COUNT(*) FROM result_feedback f "
                + "WHERE " + where + " GROUP BY f.verdict, f.agreement", values.toArray());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String verdict = rs.getString(1);
                Agreement agreement = Agreement.valueOf(rs.getString(2));
                long n = rs.getLong(3);
                total += n;
                agree += agreement == Agreement.AGREE ? n : 0;
                partly += agreement == Agreement.PARTLY ? n : 0;
                if ("positive".equals(verdict)) {
                    tp += agreement == Agreement.DISAGREE ? 0 : n;
                    fp += agreement == Agreement.DISAGREE ? n : 0;
                } else if ("negative".equals(verdict)) {
                    tn += agreement == Agreement.AGREE ? n : 0;
                    fn += agreement == Agreement.AGREE ? 0 : n;
                }
            }
        }
        return new JsonObject().put("given", total).put("agree", agree).put("partly", partly)
                .put("disagree", total - agree - partly)
                .put("agreementRate", Wilson.of(agree, total).toJson())
                .put("ppv", Wilson.of(tp, tp + fp).toJson())
                .put("npv", Wilson.of(tn, tn + fn).toJson());
    }

    /** The optional filters as {@code AND column = ?}; the columns are ours, the values bound. */
    private static String filters(Filter f, List<Object> values, String algorithm, String site, String mode) {
        StringBuilder sql = new StringBuilder();
        if (f.algorithm() != null) {
            sql.append(" AND ").append(algorithm).append(" = ?");
            values.add(f.algorithm());
        }
        if (f.site() != null) {
            sql.append(" AND ").append(site).append(" = ?");
            values.add(f.site());
        }
        if (f.mode() != null) {
            sql.append(" AND ").append(mode).append(" = ?");
            values.add(f.mode());
        }
        return sql.toString();
    }
}
