package org.varde.gateway.jobs;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * The job store contract on PostgreSQL (several nodes), in a schema of its own that is dropped
 * afterwards. PostgreSQL must be running: a missing server fails these tests, it never skips them.
 */
class PostgresJobStoreTest extends JobStoreContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("jobs_test");

    @Override
    TestDatabase emptyDatabase() {
        return SCHEMA.get().emptied("job_events", "jobs");
    }
}
