package org.varde.gateway.jobs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * The job store contract on PostgreSQL (several nodes), in a schema of its own that is dropped
 * afterwards. PostgreSQL must be running: a missing server fails these tests, it never skips them.
 */
class PostgresJobStoreTest extends JobStoreContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("jobs_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    TestDatabase emptyDatabase() {
        return schema.emptied("job_events", "jobs");
    }
}
