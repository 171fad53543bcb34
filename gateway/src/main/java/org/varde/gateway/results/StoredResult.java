package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A result as the results stage keeps it: one row of {@code results}.
 *
 * @param result          the normalised result as {@link ResultJson} writes it
 * @param approvedVersion the catalogue's approved version when the result arrived
 * @param protocol        how it came back (the endpoint's protocol)
 */
public record StoredResult(String id, String jobId, String algorithmId, String studyInstanceUid, ResultState state,
                           String verdict, String reportedName, String reportedVersion, String approvedVersion,
                           JsonObject result, String protocol, Instant receivedAt) {

    /** The API's shape. Field names are a public contract: add, never rename. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("jobId", jobId)
                .put("algorithm", algorithmId)
                .put("studyInstanceUid", studyInstanceUid)
                .put("status", state.name())
                .put("verdict", verdict)
                .put("reportedName", reportedName)
                .put("reportedVersion", reportedVersion)
                .put("approvedVersion", approvedVersion)
                .put("protocol", protocol)
                .put("receivedAt", receivedAt.toString())
                .put("result", result);
    }
}
