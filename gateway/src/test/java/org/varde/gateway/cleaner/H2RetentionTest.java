package org.varde.gateway.cleaner;

import org.varde.gateway.testing.TestDatabase;

/** The retention purge on embedded H2, a fresh in-memory database per test. */
class H2RetentionTest extends RetentionContract {
    @Override
    TestDatabase emptyDatabase() {
        return TestDatabase.h2("retention");
    }
}
