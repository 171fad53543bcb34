package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an algorithm is worth over a period, from what Varde recorded: studies dispatched and their
 * results by status (usage ledger, by dispatch time), positives and the flag rate (results received
 * in the period), and from radiologists' feedback given in the period (the newest per result) the
 * agreement rate, PPV and NPV, each with its Wilson 95 % interval and the n it rests on; beside
 * them the volumes before and after ({@link Volumes}), the turnaround ({@link Turnaround}) and the
 * results against the ground truth of their studies where it is known ({@link GroundTruthFigures}).
 * Every split is optional: algorithm, route, site, mode (CLINICAL or SHADOW).
 */
public final class ValueFigures {
    private final DataSource dataSource;

    public ValueFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public JsonObject compute(Filter f) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JsonObject volumes = volumes(c, f);
            long[] flags = flags(c, f);
            volumes.put("resultsReceivedInPeriod", flags[1]).put("positives", flags[0])
                    .put("studiesReceived", Volumes.studiesReceived(c, f))
                    .put("routing", Volumes.routing(c, f))
                    .put("deliveries", Volumes.deliveries(c, f))
                    .put("priorityChanges", Volumes.priorityChanges(c, f));
            return new JsonObject()
                    .put("algorithm", f.algorithm()).put("route", f.route())
                    .put("from", f.from().toString()).put("to", f.to().toString())
                    .put("site", f.site()).put("mode", f.mode())
                    .put("volumes", volumes)
                    .put("flagRate", Wilson.of(flags[0], flags[1]).toJson())
                    .put("turnaround", Turnaround.compute(c, f))
                    .put("feedback", feedback(c, f))
                    .put("groundTruth", GroundTruthFigures.compute(c, f));
        }
    }

    private JsonObject volumes(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("dispatched_at", new Filter.Columns("algorithm_id", "route_name", "site", "mode"), values);
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
        List<Object> values = new ArrayList<>();
        String where = "r.status = 'RECEIVED' AND " + f.where("r.received_at", new Filter.Columns("r.algorithm_id",
                "j.route_name", "COALESCE(s.site, 'unassigned')", "j.mode"), values);
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT SUM(CASE WHEN r.verdict = 'positive' THEN 1 ELSE 0 END), "
                + "COUNT(*) FROM results r JOIN jobs j ON j.id = r.job_id LEFT JOIN study_sites s "
                + "ON s.study_instance_uid = r.study_instance_uid WHERE " + where, values.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private JsonObject feedback(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("f.given_at", new Filter.Columns("f.algorithm_id",
                "(SELECT j.route_name FROM jobs j WHERE j.id = f.job_id)", "f.site", "f.mode"), values)
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
}
