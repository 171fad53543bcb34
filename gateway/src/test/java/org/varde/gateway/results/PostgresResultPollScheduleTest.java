package org.varde.gateway.results;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * The poll schedule contract on PostgreSQL (several nodes), in a schema of its own dropped afterwards.
 * PostgreSQL must be running: a missing server fails these tests, it never skips them.
 */
class PostgresResultPollScheduleTest extends ResultPollScheduleContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("poll_schedule_test");

    @Override
    TestDatabase emptyDatabase() {
        return SCHEMA.get().emptied("result_waits", "job_events", "jobs");
    }
}
