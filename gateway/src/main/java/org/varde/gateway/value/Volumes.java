package org.varde.gateway.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The volume figures that come before and after the usage ledger, each from the table of the stage
 * that recorded it: studies received (studies, by their first instance), the router's decisions by
 * outcome and the guard's refusals by the attribute that refused (routing_decisions, by decision
 * time), deliveries by state and the worklist priority changes asked for (deliveries, by the time
 * they ended). Read on a worker.
 */
final class Volumes {
    private static final String SITE = "COALESCE(s.site, 'unassigned')";
    private static final Filter.Columns ROUTING = new Filter.Columns("rd.algorithm_id", "rd.route_name", SITE,
            "UPPER(rd.mode)");
    private static final Filter.Columns DELIVERIES = new Filter.Columns("d.algorithm_id", "j.route_name", SITE, "d.mode");

    private Volumes() {
    }

    /** Studies whose first instance arrived in the period: a site's intake, not split by algorithm, route or mode. */
    static long studiesReceived(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("st.first_received_at", new Filter.Columns(null, null, SITE, null), values);
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT COUNT(*) FROM studies st LEFT JOIN study_sites s "
                + "ON s.study_instance_uid = st.study_instance_uid WHERE " + where, values.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code considered} (study generations decided on), {@code routed} (SEND), {@code ruleMiss},
     * {@code routeOff}, and {@code refusedByGuard} with {@code byReason}: the attribute of the
     * deciding failure (PatientAge, Modality, ...) as the routing explanation names it.
     */
    static JsonObject routing(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("rd.decided_at", ROUTING, values);
        Map<String, Long> outcomes = new TreeMap<>(Map.of("SEND", 0L, "RULE_MISS", 0L, "GUARD_REFUSED", 0L,
                "ROUTE_OFF", 0L));
        Map<String, Long> reasons = new TreeMap<>();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT rd.outcome, rd.decision_json FROM routing_decisions rd "
                + "LEFT JOIN study_sites s ON s.study_instance_uid = rd.study_instance_uid WHERE " + where,
                values.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String outcome = rs.getString(1);
                outcomes.merge(outcome, 1L, Long::sum);
                if ("GUARD_REFUSED".equals(outcome)) {
                    reasons.merge(guardReason(rs.getString(2)), 1L, Long::sum);
                }
            }
        }
        JsonObject byReason = new JsonObject();
        reasons.forEach(byReason::put);
        return new JsonObject()
                .put("considered", outcomes.values().stream().mapToLong(Long::longValue).sum())
                .put("routed", outcomes.get("SEND"))
                .put("ruleMiss", outcomes.get("RULE_MISS"))
                .put("routeOff", outcomes.get("ROUTE_OFF"))
                .put("refusedByGuard", new JsonObject().put("total", outcomes.get("GUARD_REFUSED")).put("byReason", byReason));
    }

    /**
     * The attribute the guard refused on: the first failed study-level guard check, else the first
     * failed guard check (RoutingDecision.decidingFailure's rule), named by its first word.
     */
    static String guardReason(String decisionJson) {
        JsonArray reasons = new JsonObject(decisionJson).getJsonArray("reasons", new JsonArray());
        JsonObject first = null;
        for (int i = 0; i < reasons.size(); i++) {
            JsonObject r = reasons.getJsonObject(i);
            if ("guard".equals(r.getString("stage")) && !r.getBoolean("passed", true)) {
                if ("study".equals(r.getString("scope"))) {
                    first = r;
                    break;
                }
                first = first == null ? r : first;
            }
        }
        String check = first == null ? null : first.getString("check");
        if (check == null || check.isBlank()) {
            return "unknown";
        }
        return check.strip().split("\\s+", 2)[0];
    }

    /**
     * Deliveries that ended in the period, by state (one per result and sink: DELIVERED, KEPT for a
     * shadow route, DEAD_LETTER), and how many results reached at least one sink.
     */
    static JsonObject deliveries(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("d.finished_at", DELIVERIES, values);
        JsonObject byState = new JsonObject().put("DELIVERED", 0L).put("KEPT", 0L).put("DEAD_LETTER", 0L);
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT d.state, COUNT(*) FROM deliveries d " + DELIVERY_JOINS
                + "WHERE " + where + " GROUP BY d.state", values.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byState.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new JsonObject().put("byState", byState)
                .put("resultsDelivered", distinctResults(c, f, "d.state = 'DELIVERED'"));
    }

    /**
     * Results whose delivery asked the worklist for a priority (the policy's or a reviewer's choice)
     * and reached the sink, in total and by the priority asked (FHIR codes: urgent, asap, stat).
     */
    static JsonObject priorityChanges(Connection c, Filter f) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("d.finished_at", DELIVERIES, values);
        JsonObject byPriority = new JsonObject();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT d.priority, COUNT(DISTINCT d.result_id) FROM deliveries d "
                + DELIVERY_JOINS + "WHERE " + where + " AND " + PRIORITY_ASKED + " GROUP BY d.priority",
                values.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byPriority.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new JsonObject().put("total", distinctResults(c, f, PRIORITY_ASKED)).put("byPriority", byPriority);
    }

    private static final String DELIVERY_JOINS = "LEFT JOIN jobs j ON j.id = d.job_id "
            + "LEFT JOIN study_sites s ON s.study_instance_uid = d.study_instance_uid ";
    private static final String PRIORITY_ASKED = "d.state = 'DELIVERED' AND d.priority IS NOT NULL";

    private static long distinctResults(Connection c, Filter f, String condition) throws SQLException {
        List<Object> values = new ArrayList<>();
        String where = f.where("d.finished_at", DELIVERIES, values);
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT COUNT(DISTINCT d.result_id) FROM deliveries d "
                + DELIVERY_JOINS + "WHERE " + where + " AND " + condition, values.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
