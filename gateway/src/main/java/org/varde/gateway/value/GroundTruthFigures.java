package org.varde.gateway.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results against the ground truth of their studies (V37): true and false positives and
 * negatives, and from them sensitivity, specificity, PPV and NPV with their Wilson 95 % intervals.
 * Counted over each job's newest RECEIVED result received in the period, on a study with ground truth,
 * with the same splits as the flag rate. The match (docs/accountability.md, "Against ground truth"):
 * <ul>
 *   <li>a result naming a ground-truth finding's code (present or absent) is compared with that
 *   finding: positive when it names it present;</li>
 *   <li>a result naming no finding at all is a bare verdict: compared with the study's ground truth
 *   when the study has exactly one (positive verdict, positive);</li>
 *   <li>a result naming only other findings was about something else: {@code unmatched};</li>
 *   <li>an inconclusive or failed result says neither: {@code undecided}.</li>
 * </ul>
 * Where a finding lies is not compared (the ground truth knows it, not every result says it): a
 * positive for the right finding in the wrong place counts as a true positive.
 */
final class GroundTruthFigures {
    /** As {@link Turnaround}: a year of a large department per algorithm, bounded; the answer says when cut. */
    static final int MAX_ROWS = 200_000;
    private static final Filter.Columns RESULTS = new Filter.Columns("r.algorithm_id", "j.route_name",
            "COALESCE(s.site, 'unassigned')", "j.mode");

    private GroundTruthFigures() {
    }

    /** One ground truth row of a result's study. */
    private record Truth(String code, boolean present) {
    }

    static JsonObject compute(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = "r.status = 'RECEIVED' AND " + f.where("r.received_at", RESULTS, values)
                // the job's newest result is its result (a retried job may have had others)
                + " AND NOT EXISTS (SELECT 1 FROM results n WHERE n.job_id = r.job_id AND n.status = 'RECEIVED' "
                + "AND (n.received_at > r.received_at OR (n.received_at = r.received_at AND n.id > r.id)))";
        Map<String, Object[]> results = new HashMap<>();
        Map<String, List<Truth>> truths = new HashMap<>();
        boolean truncated = false;
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT r.id, r.verdict, r.result_json, g.code_scheme, "
                + "g.code_value, g.presence FROM results r JOIN jobs j ON j.id = r.job_id JOIN ground_truth g "
                + "ON g.study_instance_uid = r.study_instance_uid LEFT JOIN study_sites s "
                + "ON s.study_instance_uid = r.study_instance_uid WHERE " + where + " ORDER BY r.id "
                + "FETCH FIRST " + (MAX_ROWS + 1) + " ROWS ONLY", values.toArray()); ResultSet rs = ps.executeQuery()) {
            int rows = 0;
            while (rs.next()) {
                if (++rows > MAX_ROWS) {
                    truncated = true;
                    break;
                }
                String id = rs.getString(1);
                results.putIfAbsent(id, new Object[]{rs.getString(2), rs.getString(3)});
                truths.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new Truth(rs.getString(4) + ":" + rs.getString(5), "PRESENT".equals(rs.getString(6))));
            }
        }
        Confusion counts = new Confusion();
        results.forEach((id, r) -> counts.add((String) r[0], named((String) r[1]), truths.get(id)));
        return counts.toJson().put("truncated", truncated);
    }

    /** SCHEME:VALUE of each finding the result names → whether it names it present; empty when it names none. */
    static Map<String, Boolean> named(String resultJson) {
        Map<String, Boolean> named = new HashMap<>();
        JsonArray findings;
        try {
            findings = new JsonObject(resultJson).getJsonArray("findings", new JsonArray());
        } catch (RuntimeException e) {
            return named;
        }
        for (int i = 0; i < findings.size(); i++) {
            if (!(findings.getValue(i) instanceof JsonObject finding)
                    || !(finding.getValue("code") instanceof JsonObject code)) {
                continue;
            }
            String key = code.getString("scheme") + ":" + code.getString("value");
            named.merge(key, "present".equals(finding.getString("presence")), Boolean::logicalOr);
        }
        return named;
    }

    /** The four cells and the results that fell outside them. */
    static final class Confusion {
        long tp, fp, fn, tn, undecided, unmatched, results;

        /** One result: its verdict, the findings it names, its study's ground truth. */
        void add(String verdict, Map<String, Boolean> named, List<Truth> study) {
            results++;
            if (!"positive".equals(verdict) && !"negative".equals(verdict)) {
                undecided++;
                return;
            }
            if (named.isEmpty()) {
                if (study.size() == 1) {
                    count("positive".equals(verdict), study.get(0).present());
                } else {
                    unmatched++;
                }
                return;
            }
            boolean matched = false;
            for (Truth truth : study) {
                Boolean says = named.get(truth.code());
                if (says != null) {
                    count(says, truth.present());
                    matched = true;
                }
            }
            unmatched += matched ? 0 : 1;
        }

        void count(boolean said, boolean truth) {
            if (said) {
                tp += truth ? 1 : 0;
                fp += truth ? 0 : 1;
            } else {
                fn += truth ? 1 : 0;
                tn += truth ? 0 : 1;
            }
        }

        JsonObject toJson() {
            return new JsonObject().put("results", results).put("compared", tp + fp + fn + tn)
                    .put("truePositives", tp).put("falsePositives", fp).put("falseNegatives", fn)
                    .put("trueNegatives", tn).put("undecided", undecided).put("unmatched", unmatched)
                    .put("sensitivity", Wilson.of(tp, tp + fn).toJson())
                    .put("specificity", Wilson.of(tn, tn + fp).toJson())
                    .put("ppv", Wilson.of(tp, tp + fp).toJson())
                    .put("npv", Wilson.of(tn, tn + fn).toJson());
        }
    }
}
