package org.varde.gateway.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.RoutingDecisionJson;
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
 * The {@code routing_decisions} table (V4): every decision for every completed study generation, with
 * its reasons. Blocking JDBC: call from a worker.
 */
public final class RoutingDecisions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "study_instance_uid, generation, route_name, algorithm_id, outcome, mode, "
            + "disposition, job_id, decision_json, decided_at, decided_by";

    /** One decision and what became of it. */
    public record Entry(RoutingDecision decision, Disposition disposition, String jobId) {
    }

    private final DataSource dataSource;

    public RoutingDecisions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the decisions of one generation, replacing any recorded by an earlier hand-over of the
     * same generation (the assembler repeats a hand-over that failed or was lost).
     */
    public void replace(String studyInstanceUid, int generation, List<Entry> entries, Instant decidedAt, String node) {
        try {
            Jdbc.transaction(dataSource, c -> {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM routing_decisions WHERE study_instance_uid = ? AND generation = ?");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO routing_decisions (" + COLUMNS
                             + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    delete.setString(1, studyInstanceUid);
                    delete.setInt(2, generation);
                    delete.executeUpdate();
                    for (Entry e : entries) {
                        RoutingDecision d = e.decision();
                        insert.setString(1, studyInstanceUid);
                        insert.setInt(2, generation);
                        insert.setString(3, d.route());
                        insert.setString(4, d.algorithm());
                        insert.setString(5, d.outcome().name());
                        insert.setString(6, d.mode().word());
                        insert.setString(7, e.disposition().name());
                        insert.setString(8, e.jobId());
                        insert.setString(9, RoutingDecisionJson.toJson(d).toString());
                        Jdbc.setInstant(insert, 10, decidedAt);
                        insert.setString(11, node);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new OrchestrationException("cannot record the routing decisions of study " + studyInstanceUid, e);
        }
    }

    /** Every recorded decision of a study, by generation then in the router's order. */
    public List<RecordedDecision> forStudy(String studyInstanceUid) {
        List<RecordedDecision> decisions = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM routing_decisions WHERE study_instance_uid = ? ORDER BY generation, id")) {
            ps.setString(1, studyInstanceUid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    decisions.add(new RecordedDecision(rs.getString(1), rs.getInt(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), Disposition.valueOf(rs.getString(7)),
                            rs.getString(8), (ObjectNode) JSON.readTree(rs.getString(9)),
                            Jdbc.instant(rs, 10), rs.getString(11)));
                }
            }
            return decisions;
        } catch (SQLException | JsonProcessingException e) {
            throw new OrchestrationException("cannot read the routing decisions of study " + studyInstanceUid, e);
        }
    }
}
