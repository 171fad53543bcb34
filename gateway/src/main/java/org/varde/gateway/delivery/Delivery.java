package org.varde.gateway.delivery;

import java.time.Instant;
import java.util.Optional;

import org.varde.connectors.result.WorklistPriority;

import io.vertx.core.json.JsonObject;

/** One row of {@code deliveries}. */
public record Delivery(String id, String resultId, int resultVersion, String jobId, String studyInstanceUid,
                       String algorithmId, String sink, DeliveryMode mode, DeliveryState state,
                       Optional<WorklistPriority> priority, int attempts, int maxAttempts, Instant nextAttemptAt,
                       String leaseOwner, String lastError, String receipt, String preparedMediaType,
                       Instant createdAt, Instant updatedAt, Instant finishedAt) {

    /** This row as a claim by {@code nodeId} at {@code at} leaves it: SENDING, leased to that node. */
    Delivery claimedBy(String nodeId, Instant at) {
        return new Delivery(id, resultId, resultVersion, jobId, studyInstanceUid, algorithmId, sink, mode,
                DeliveryState.SENDING, priority, attempts, maxAttempts, nextAttemptAt, nodeId, lastError, receipt,
                preparedMediaType, createdAt, at, finishedAt);
    }

    /** The API's shape (without the prepared text, which has its own endpoint-sized field). */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("resultId", resultId)
                .put("resultVersion", resultVersion)
                .put("jobId", jobId)
                .put("studyInstanceUid", studyInstanceUid)
                .put("algorithm", algorithmId)
                .put("sink", sink)
                .put("mode", mode.name())
                .put("state", state.name())
                .put("priority", priority.map(WorklistPriority::fhirCode).orElse(null))
                .put("attempts", attempts)
                .put("maxAttempts", maxAttempts)
                .put("nextAttemptAt", state.isFinished() ? null : nextAttemptAt.toString())
                .put("lastError", lastError)
                .put("receipt", receipt)
                .put("preparedMediaType", preparedMediaType)
                .put("createdAt", createdAt.toString())
                .put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    }
}
