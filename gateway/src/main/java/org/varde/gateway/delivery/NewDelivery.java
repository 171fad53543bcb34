package org.varde.gateway.delivery;

import java.util.Objects;
import java.util.Optional;

import org.varde.connectors.result.WorklistPriority;

/** A delivery to create: one result version to one sink. */
public record NewDelivery(String resultId, int resultVersion, String jobId, String studyInstanceUid, String algorithmId,
                          String sink, DeliveryMode mode, Optional<WorklistPriority> priority, int maxAttempts) {
    public NewDelivery {
        Objects.requireNonNull(resultId, "resultId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(priority, "priority");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }
}
