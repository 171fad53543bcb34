package org.varde.gateway.value;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.access.Caller;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewFeedback;
import org.varde.gateway.store.Jdbc;

/**
 * A rejected review is the reviewer's disagreement with the result (issue 12): one feedback row,
 * verdict DISAGREE, given by the reviewer, the reason as its comment, named by the review (V23
 * {@code review_id}). It is the newest word on the result like any other feedback, so it counts in
 * agreement, PPV (a rejected positive is a false positive) and NPV (a rejected negative a false
 * negative). An undo deletes exactly that row. Approvals add nothing: a radiologist's word on an
 * approved result is given as feedback as on any other.
 */
public final class RejectionFeedback implements ReviewFeedback {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionFeedback.class);

    @Override
    public void rejected(Connection c, Review rejected, Caller by, Instant at) throws SQLException {
        String comment = Jdbc.bound(rejected.reason(), FeedbackStore.MAX_COMMENT);
        if (FeedbackStore.insert(c, UUID.randomUUID().toString(), rejected.resultId(), Agreement.DISAGREE, null,
                comment, Actor.of(by), at, rejected.id()).isEmpty()) {
            // the gate holds only recorded results; a missing one is a fault worth seeing, not a reason to refuse
            LOG.warn("review {}: result {} not found, the rejection is not counted as feedback", rejected.id(),
                    rejected.resultId());
        }
    }

    @Override
    public void undone(Connection c, Review review) throws SQLException {
        Jdbc.update(c, "DELETE FROM result_feedback WHERE review_id = ?", review.id());
    }
}
