package org.varde.gateway.review;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.varde.gateway.access.Caller;

/**
 * What a decision counts for in the feedback figures, written in the decision's own transaction so
 * that the two never disagree: a rejection is the reviewer's disagreement with the result, and an
 * undo takes back whatever the undone decision counted. The value stage implements it (it owns the
 * feedback table); the gate does not know its rows.
 */
public interface ReviewFeedback {
    ReviewFeedback NONE = new ReviewFeedback() {
        @Override
        public void rejected(Connection c, Review rejected, Caller by, Instant at) {
        }

        @Override
        public void undone(Connection c, Review review) {
        }
    };

    /** The reviewer rejected the result with {@code rejected.reason()}. */
    void rejected(Connection c, Review rejected, Caller by, Instant at) throws SQLException;

    /** The decision on {@code review} was undone: what it counted is taken back. */
    void undone(Connection c, Review review) throws SQLException;
}
