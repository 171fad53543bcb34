-- The review gate (issue 12), part 2: a rejected review counts as the reviewer's disagreement in the
-- feedback figures. Its feedback row names the review, so that an undo (allowed before the decision
-- is handed to delivery) takes back exactly that row in the undo's own transaction. Feedback given
-- through the API keeps review_id NULL. Portable SQL (H2 and PostgreSQL).
ALTER TABLE result_feedback ADD COLUMN review_id VARCHAR(36);

CREATE UNIQUE INDEX result_feedback_review ON result_feedback (review_id);
