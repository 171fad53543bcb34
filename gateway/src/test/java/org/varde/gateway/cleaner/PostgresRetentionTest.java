package org.varde.gateway.cleaner;

import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/** The retention purge on PostgreSQL (its locking and SQL), a fresh schema per test, dropped afterwards. */
class PostgresRetentionTest extends RetentionContract {
    private PostgresSchema schema;

    @Override
    TestDatabase emptyDatabase() {
        schema = PostgresSchema.migrated("retention_test");
        return schema.database();
    }

    @Override
    void dropDatabase() {
        if (schema != null) {
            schema.drop();
        }
    }
}
