package org.varde.gateway.audit;

import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobMoves;
import org.varde.gateway.jobs.JobState;

import java.util.function.Function;

/**
 * The audit events a job's moves are: the dispatch the vendor acknowledged (a disclosure of the
 * study to it), the result received or quarantined, a replay by an operator. Other moves (claims,
 * retries after a backoff) are in the job's own history, not the audit.
 */
public final class JobAudit implements JobMoves {
    private final AuditTrail trail;
    private final Function<String, String> endpointOf;

    /** @param endpointOf an algorithm id to where its vendor is reached (the catalogue's endpoint), or null */
    public JobAudit(AuditTrail trail, Function<String, String> endpointOf) {
        this.trail = trail;
        this.endpointOf = endpointOf;
    }

    @Override
    public void moved(Job after, JobState from, String actor, String detail) {
        AuditEntry entry = entry(after, from, actor);
        if (entry != null) {
            AuditEntry full = entry.study(after.studyInstanceUid()).job(after.id(), after.algorithmId());
            trail.record(full.detail() == null ? full.detail(detail) : full);
        }
    }

    private AuditEntry entry(Job after, JobState from, String actor) {
        if (from == JobState.DISPATCHING && after.state() == JobState.WAITING_RESULT) {
            // the vendor acknowledged the instances: they are disclosed (the detail says whether pseudonymised)
            return AuditEntry.of(Actor.system("dispatch on " + actor), AuditAction.DISCLOSURE_TO_VENDOR)
                    .target(endpointOf.apply(after.algorithmId()));
        }
        if (from == JobState.WAITING_RESULT && after.state() == JobState.RESULT_RECEIVED) {
            return AuditEntry.of(Actor.system(actor), AuditAction.RESULT_RECEIVED);
        }
        if (from == JobState.WAITING_RESULT && after.state() == JobState.QUARANTINED) {
            return AuditEntry.of(Actor.system(actor), AuditAction.RESULT_QUARANTINED).outcome(AuditOutcome.REFUSED);
        }
        if (from == JobState.DEAD_LETTER && after.state() == JobState.DISCARDED) {
            // given up for good by an operator; the detail is their reason
            return AuditEntry.of(Actor.fromDescription(actor), AuditAction.DEAD_LETTER_DISCARD);
        }
        if (from != null && from != JobState.FAILED && after.state() == JobState.PENDING && from.isFinal()) {
            // DEAD_LETTER or QUARANTINED replayed: by an operator (the API) or the command line
            return AuditEntry.of(Actor.fromDescription(actor), AuditAction.JOB_RETRY).detail("replayed from " + from);
        }
        return null;
    }
}
