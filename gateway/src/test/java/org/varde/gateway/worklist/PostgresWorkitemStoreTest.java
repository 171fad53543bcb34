package org.varde.gateway.worklist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresWorkitemStoreTest extends WorkitemStoreContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("workitems");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    protected TestDatabase database() {
        return schema.emptied("ups_subscriptions", "workitem_instances", "workitems", "job_events", "jobs");
    }
}
