package org.varde.gateway.audit;

import org.varde.gateway.testing.TestDatabase;

/** The audit log on embedded H2, a fresh in-memory database per test. */
class H2AuditLogTest extends AuditLogContract {
    private TestDatabase database;

    @Override
    TestDatabase emptyDatabase() {
        database = TestDatabase.h2("audit");
        return database;
    }

    @Override
    TestDatabase emptyDatabaseWithoutReset() {
        return database;
    }
}
