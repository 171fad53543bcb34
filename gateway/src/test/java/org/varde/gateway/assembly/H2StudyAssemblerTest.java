package org.varde.gateway.assembly;

import org.varde.gateway.testing.H2Database;

/** Study completion on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2StudyAssemblerTest extends StudyAssemblerContract {
    private String url;

    @Override
    void prepareEmptyDatabase() {
        url = H2Database.migratedInMemory("assembly");
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
