package org.varde.gateway.value;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.testing.PostgresClassSchema;

/**
 * The figures against ground truth on PostgreSQL, in a schema of its own dropped afterwards.
 * PostgreSQL must be running: a missing server fails these tests, never skips them.
 */
class PostgresGroundTruthFiguresTest extends GroundTruthFiguresContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("truth_test");

    @AfterEach
    void emptyTables() {
        SCHEMA.get().deleteFrom("ground_truth", "usage_ledger", "results", "job_events", "jobs");
    }

    @Override
    StoreSettings store() {
        return new StoreSettings(SCHEMA.get().jdbcUrl(), SCHEMA.get().user(), "");
    }
}
