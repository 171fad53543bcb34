package org.varde.gateway.value;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.testing.PostgresClassSchema;

/**
 * The value figures on PostgreSQL, in a schema of its own dropped afterwards. PostgreSQL must be
 * running: a missing server fails these tests, never skips them.
 */
class PostgresValueFiguresTest extends ValueFiguresContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("value_test");

    @AfterEach
    void emptyTables() {
        SCHEMA.get().deleteFrom("result_feedback", "deliveries", "usage_ledger", "results", "job_events", "jobs",
                "study_generations", "routing_decisions", "study_sites", "studies");
    }

    @Override
    StoreSettings store() {
        return new StoreSettings(SCHEMA.get().jdbcUrl(), SCHEMA.get().user(), "");
    }
}
