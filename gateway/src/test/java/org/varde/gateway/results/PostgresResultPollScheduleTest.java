package org.varde.gateway.results;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * The poll schedule contract on PostgreSQL (several nodes), in a schema of its own dropped afterwards.
 * PostgreSQL must be running: a missing server fails these tests, it never skips them.
 */
class PostgresResultPollScheduleTest extends ResultPollScheduleContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("poll_schedule_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    TestDatabase emptyDatabase() {
        return schema.emptied("result_waits", "job_events", "jobs");
    }
}
