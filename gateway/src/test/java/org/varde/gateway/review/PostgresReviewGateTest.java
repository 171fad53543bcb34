package org.varde.gateway.review;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresReviewGateTest extends ReviewGateContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("reviews");

    @Override
    protected TestDatabase database() {
        return SCHEMA.get().emptied("review_events", "reviews");
    }
}
