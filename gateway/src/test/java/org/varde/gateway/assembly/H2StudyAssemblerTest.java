package org.varde.gateway.assembly;

import org.varde.gateway.testing.TestDatabase;

/** Study completion on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2StudyAssemblerTest extends StudyAssemblerContract {
    @Override
    TestDatabase emptyDatabase() {
        return TestDatabase.h2("assembly");
    }
}
