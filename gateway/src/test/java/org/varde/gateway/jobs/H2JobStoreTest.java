package org.varde.gateway.jobs;

import org.varde.gateway.testing.H2Database;

/** The job store contract on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2JobStoreTest extends JobStoreContract {
    private String url;

    @Override
    void prepareEmptyDatabase() {
        url = H2Database.migratedInMemory("jobs");
    }

    @Override
    String jdbcUrl() {
        return url;
    }

    @Override
    String user() {
        return H2Database.USER;
    }
}
