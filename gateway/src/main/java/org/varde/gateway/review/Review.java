package org.varde.gateway.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.varde.connectors.result.WorklistPriority;
import org.varde.gateway.routing.ReviewPolicy;

/**
 * One held result and its review.
 *
 * @param priorityChoice the reviewer's own priority on approval: empty leaves the policy's proposal;
 *                       {@link PriorityChoice#none()} asks for no change at all
 * @param handedOverAt   when the decision went to the delivery stage; from then on it stands
 */
public record Review(String id, String resultId, String jobId, String studyInstanceUid, String algorithmId,
                     String routeName, ReviewState state, Duration alertAfter, ReviewPolicy.OnTimeout onTimeout,
                     String organisation, Optional<PriorityChoice> priorityChoice, String reviewer, String reason,
                     Instant createdAt, Instant decidedAt, Instant alertedAt, Instant handedOverAt) {

    /** What a reviewer asked of the worklist on approval: a priority, or explicitly none. */
    public record PriorityChoice(Optional<WorklistPriority> priority) {
        public static PriorityChoice none() {
            return new PriorityChoice(Optional.empty());
        }

        String word() {
            return priority.map(WorklistPriority::fhirCode).orElse("none");
        }

        static PriorityChoice fromWord(String word) {
            return "none".equals(word) ? none() : new PriorityChoice(Optional.of(WorklistPriority.fromFhirCode(word)));
        }
    }

    /** When this waiting result passes its alert time. */
    public Instant alertAt() {
        return createdAt.plus(alertAfter);
    }

    public boolean overdue(Instant now) {
        return state.waiting() && !now.isBefore(alertAt());
    }
}
