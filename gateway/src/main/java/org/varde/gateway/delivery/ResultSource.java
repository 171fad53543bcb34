package org.varde.gateway.delivery;

import java.time.Instant;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.sink.HumanReview;
import org.varde.connectors.sink.pacs.StudyContext;

/**
 * Where the delivery stage reads what it delivers: the result as the results stage keeps it, and the
 * source study's identity as the journal has it. Read at send time, so nothing identifying is copied
 * into the delivery rows.
 */
public interface ResultSource {

    /**
     * One result version, ready to be written out.
     *
     * @param context the source study: identity, dates, the instances the algorithm saw, the order
     */
    record Deliverable(AlgorithmResult result, StudyContext context, Instant receivedAt, HumanReview review) {
        public Deliverable {
            java.util.Objects.requireNonNull(review, "review");
        }

        /** A result nobody was asked to review. */
        public Deliverable(AlgorithmResult result, StudyContext context, Instant receivedAt) {
            this(result, context, receivedAt, HumanReview.none());
        }

        /** The same, stating what a reviewer did with it. */
        public Deliverable reviewed(HumanReview by) {
            return new Deliverable(result, context, receivedAt, by);
        }
    }

    /**
     * @return empty when the result or its study is gone (purged, or never existed): the delivery
     *         cannot be made and is dead-lettered
     */
    Optional<Deliverable> find(String resultId, int resultVersion) throws Exception;
}
