package org.varde.gateway.jobs;

import java.time.Instant;

/**
 * One recorded change of a job: a state transition, a creation ({@code from} is null), a claim or a
 * lease take-over ({@code from == to}).
 *
 * @param node the node (or operator) that made the change, or null
 */
public record JobEvent(long sequence, String jobId, JobState from, JobState to, Instant at, String node,
                       String detail) {
}
