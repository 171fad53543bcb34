package org.varde.gateway.store;

import org.junit.jupiter.api.AfterEach;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.testing.PostgresSchema;

/**
 * The journal contract on PostgreSQL, each test in a schema of its own that is dropped afterwards:
 * the migrations must run unchanged on both databases. PostgreSQL must be running (as for the job
 * store tests): a missing server fails these tests, it never skips them.
 */
class PostgresJournalTest extends JournalContract {
    private PostgresSchema schema;

    @Override
    StoreSettings settings() {
        // empty, not migrated: opening the journal migrates it
        schema = PostgresSchema.create("journal_test");
        return new StoreSettings(schema.jdbcUrl(), schema.user(), "");
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }
}
