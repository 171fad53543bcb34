package org.varde.gateway.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/** The audit log on PostgreSQL (the lock that serialises several nodes' appends), in a schema dropped afterwards. */
class PostgresAuditLogTest extends AuditLogContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("audit_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    TestDatabase emptyDatabase() {
        return new TestDatabase(schema.jdbcUrl(), schema.user());
    }

    @Override
    TestDatabase emptyDatabaseWithoutReset() {
        return new TestDatabase(schema.jdbcUrl(), schema.user());
    }
}
