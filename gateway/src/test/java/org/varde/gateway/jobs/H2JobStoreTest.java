package org.varde.gateway.jobs;

import org.varde.gateway.testing.TestDatabase;

/** The job store contract on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2JobStoreTest extends JobStoreContract {
    @Override
    TestDatabase emptyDatabase() {
        return TestDatabase.h2("jobs");
    }
}
