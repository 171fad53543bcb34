package org.varde.connectors.algorithm.ups;

import java.util.List;
import java.util.Objects;

/**
 * What one dispatch asks the worklist to schedule.
 *
 * @param idempotencyKey   the job's key: the same key is the same job
 * @param algorithmId      whose vendor (token name) performs it
 * @param studyInstanceUid the study the input belongs to
 * @param input            the instances to retrieve, in the order they were selected
 * @param endpoint         the catalogue's terms: priority, where the input is retrieved
 */
public record ScheduledWorkitem(String idempotencyKey, String algorithmId, String studyInstanceUid,
                                List<InputInstance> input, UpsEndpoint endpoint) {
    public ScheduledWorkitem {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(endpoint, "endpoint");
        input = List.copyOf(input);
    }
}
