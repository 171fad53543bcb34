package org.varde.gateway.audit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

/** The audit log on PostgreSQL (the lock that serialises several nodes' appends), in a schema dropped afterwards. */
class PostgresAuditLogTest extends AuditLogContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("audit_test");

    @Override
    TestDatabase emptyDatabase() {
        return SCHEMA.get().database();
    }

    @Override
    TestDatabase emptyDatabaseWithoutReset() {
        return SCHEMA.get().database();
    }
}
