package org.varde.gateway.orchestration;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A routing decision as recorded for a study generation.
 *
 * @param generation the study generation (0 for the first completion, +1 per follow-up)
 * @param decision   the decision in the shape of {@code RoutingDecisionJson} (route, algorithm,
 *                   outcome, mode, why, selectedSeries, reasons)
 * @param jobId      the job a SEND decision made, or null
 */
public record RecordedDecision(String studyInstanceUid, int generation, String route, String algorithm,
                               String outcome, String mode, Disposition disposition, String jobId,
                               ObjectNode decision, Instant decidedAt, String decidedBy) {

    /** The decision's JSON with the record's fields added: what the API shows. */
    public ObjectNode toJson() {
        ObjectNode node = decision.deepCopy();
        node.put("generation", generation);
        node.put("disposition", disposition.name());
        if (jobId == null) {
            node.putNull("jobId");
        } else {
            node.put("jobId", jobId);
        }
        node.put("decidedAt", decidedAt.toString());
        node.put("decidedBy", decidedBy);
        return node;
    }
}
