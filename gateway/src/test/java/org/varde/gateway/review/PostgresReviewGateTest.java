package org.varde.gateway.review;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresReviewGateTest extends ReviewGateContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("reviews");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    protected TestDatabase database() {
        return schema.emptied("review_events", "reviews");
    }
}
