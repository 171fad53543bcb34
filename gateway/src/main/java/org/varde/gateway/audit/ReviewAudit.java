package org.varde.gateway.audit;

import java.time.Duration;
import java.util.Optional;

import org.varde.gateway.access.Caller;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewEvents;
import org.varde.gateway.review.ReviewGate;
import org.varde.gateway.review.ReviewState;

/**
 * The audit events of the review gate (issue 12): who decided (the reviewer's token name or OIDC
 * user, or the gate itself for a release on timeout), on which study and job, the outcome, and why.
 * A decision the review's state did not allow is recorded as REFUSED with the gate's words.
 */
public final class ReviewAudit implements ReviewEvents {
    private final AuditTrail trail;
    private final String node;

    public ReviewAudit(AuditTrail trail, String node) {
        this.trail = trail;
        this.node = node;
    }

    @Override
    public void decided(Review before, Review after, ReviewGate.Decision decision, Caller by) {
        trail.record(entry(after, Actor.of(by), action(decision)).detail(detail(before, after, decision)));
    }

    @Override
    public void refused(Optional<Review> review, String id, ReviewGate.Decision decision, Caller by, String why) {
        // an unknown id names no study or result: the API's 404 says enough
        review.ifPresent(r -> trail.record(entry(r, Actor.of(by), action(decision)).outcome(AuditOutcome.REFUSED)
                .detail(decision.name().toLowerCase(java.util.Locale.ROOT) + " refused: " + why)));
    }

    @Override
    public void released(Review released) {
        Duration waited = Duration.between(released.createdAt(), released.decidedAt());
        trail.record(entry(released, Actor.system("review gate on " + node), AuditAction.REVIEW_RELEASED)
                .detail("result " + released.resultId() + " released without review after " + waited.toMinutes()
                        + " min (route " + released.routeName() + " says onTimeout: release); its SR says so"));
    }

    private static AuditEntry entry(Review r, Actor actor, AuditAction action) {
        return AuditEntry.of(actor, action).study(r.studyInstanceUid()).job(r.jobId(), r.algorithmId())
                .target("review " + r.id());
    }

    private static AuditAction action(ReviewGate.Decision decision) {
        return switch (decision) {
            case APPROVE -> AuditAction.REVIEW_APPROVED;
            case REJECT -> AuditAction.REVIEW_REJECTED;
            case DEFER -> AuditAction.REVIEW_DEFERRED;
            case UNDO -> AuditAction.REVIEW_UNDONE;
        };
    }

    private static String detail(Review before, Review after, ReviewGate.Decision decision) {
        String result = "result " + after.resultId();
        return switch (decision) {
            case APPROVE -> result + " approved, priority " + after.priorityChoice()
                    .map(p -> p.priority().map(x -> x.fhirCode()).orElse("none") + " (the reviewer's)")
                    .orElse("as the policy proposes") + (after.reason() == null ? "" : "; note: " + after.reason());
            case REJECT -> result + " rejected: " + after.reason()
                    + "; nothing clinical delivered; counted as a disagreement in the feedback figures";
            case DEFER -> result + " deferred" + (after.reason() == null ? "" : ": " + after.reason());
            case UNDO -> result + ": " + before.state() + (before.reason() == null ? "" : " (" + before.reason() + ")")
                    + " undone, waiting again" + (before.state() == ReviewState.REJECTED
                    ? "; its disagreement no longer counts" : "");
        };
    }
}
