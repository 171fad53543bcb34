package org.varde.gateway.results;

import java.time.Instant;

/** A job that waits for its result until {@code deadline}: a row of {@code result_waits}. */
public record ResultWait(String jobId, String algorithmId, String studyInstanceUid, Instant deadline,
                         Instant createdAt) {
}
