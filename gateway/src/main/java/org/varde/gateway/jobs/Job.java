package org.varde.gateway.jobs;

import org.varde.gateway.routing.RouteMode;

import java.time.Instant;
import java.util.List;

/**
 * A job as stored: one algorithm run on one study, its state, its retry bookkeeping and the lease of
 * the node working on it. Immutable: every change goes through the {@link JobStore}.
 *
 * @param attempts       failed attempts so far
 * @param nextAttemptAt  a PENDING job is not claimed before this time (backoff after a failure)
 * @param leaseOwner     the node holding the job, or null
 * @param leaseExpiresAt when another node may take the job over, or null
 * @param lastError      the error of the last failed attempt, or null
 * @param version        +1 on every change of the row
 */
public record Job(String id, String studyInstanceUid, String algorithmId, String routeName, RouteMode mode,
                  int generation, String idempotencyKey, JobState state, int attempts, int maxAttempts,
                  Instant nextAttemptAt, String leaseOwner, Instant leaseExpiresAt, String lastError,
                  List<String> selectedSeries, Instant createdAt, Instant updatedAt, long version) {

    public Job {
        selectedSeries = List.copyOf(selectedSeries);
    }
}
