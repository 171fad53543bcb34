package org.varde.gateway.usage;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One (algorithm, study, generation) a vendor processed: the first acknowledged dispatch makes it,
 * the result (or its absence) completes it. Never deleted with the images.
 */
public record UsageRow(String algorithmId, String studyInstanceUid, int generation, String jobId, String routeName,
                       String mode, String site, Instant dispatchedAt, UsageStatus resultStatus, Instant resultAt) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("algorithm", algorithmId)
                .put("studyInstanceUid", studyInstanceUid)
                .put("generation", generation)
                .put("jobId", jobId)
                .put("route", routeName)
                .put("mode", mode)
                .put("site", site)
                .put("dispatchedAt", dispatchedAt.toString())
                .put("resultStatus", resultStatus.name())
                .put("resultAt", resultAt == null ? null : resultAt.toString());
    }
}
