package org.varde.gateway.assembly;

import java.time.Instant;

/**
 * One generation of a study is complete and should be routed.
 *
 * @param generation 0 for the first completion, +1 for each follow-up opened by instances that arrived
 *                   after the previous one
 * @param isUpdate   true for a follow-up ("study updated"): route it only to algorithms that accept updates
 */
public record StudyCompleted(String studyInstanceUid, int generation, CompletionTrigger trigger, boolean isUpdate,
                             Instant completedAt) {

    static StudyCompleted of(String studyInstanceUid, int generation, CompletionTrigger trigger, Instant completedAt) {
        return new StudyCompleted(studyInstanceUid, generation, trigger, generation > 0, completedAt);
    }
}
