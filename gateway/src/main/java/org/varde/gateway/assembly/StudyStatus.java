package org.varde.gateway.assembly;

import java.time.Instant;

/**
 * Where a study's assembly stands, for the API.
 *
 * @param idleDeadline when it completes by idle time if nothing else fires first; null once complete
 * @param routed       whether the current, complete generation has been handed to routing
 * @param trigger      what completed the current generation; null while assembling
 * @param completedAt  when the current generation was completed; null while assembling
 */
public record StudyStatus(String studyInstanceUid, State state, int generation, Instant idleDeadline, boolean routed,
                          CompletionTrigger trigger, Instant firstReceivedAt, Instant lastReceivedAt,
                          Instant completedAt) {
    public enum State { ASSEMBLING, COMPLETE }
}
