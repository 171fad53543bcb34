package org.varde.gateway.orchestration;

import java.time.Duration;
import java.util.Optional;

import org.varde.connectors.sink.HumanReview;
import org.varde.gateway.delivery.ResultSource;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewState;
import org.varde.gateway.review.ReviewStore;

/**
 * The delivery stage's source of results, with what a reviewer did to each (issue 12): read at send
 * time from the review's row, so the SR says VERIFIED and names its observer, or says it was released
 * unreviewed, without the delivery rows copying anything. Wiring only: the two stages meet here.
 */
final class ReviewedResultSource implements ResultSource {
    private final ResultSource results;
    private final ReviewStore reviews;

    ReviewedResultSource(ResultSource results, ReviewStore reviews) {
        this.results = results;
        this.reviews = reviews;
    }

    @Override
    public Optional<Deliverable> find(String resultId, int resultVersion) throws Exception {
        Optional<Deliverable> found = results.find(resultId, resultVersion);
        if (found.isEmpty()) {
            return found;
        }
        return Optional.of(found.get().reviewed(reviews.forResult(resultId).map(ReviewedResultSource::human)
                .orElse(HumanReview.none())));
    }

    private static HumanReview human(Review r) {
        if (r.state() == ReviewState.APPROVED) {
            return HumanReview.approved(r.reviewer(), r.organisation(), r.decidedAt());
        }
        if (r.state() == ReviewState.RELEASED) {
            return HumanReview.releasedOnTimeout(r.decidedAt(), Duration.between(r.createdAt(), r.decidedAt()));
        }
        // a delivery exists only after an approval or a release; anything else says nothing of a review
        return HumanReview.none();
    }
}
