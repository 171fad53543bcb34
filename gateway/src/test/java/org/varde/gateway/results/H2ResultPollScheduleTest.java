package org.varde.gateway.results;

import org.varde.gateway.testing.TestDatabase;

/** The poll schedule contract on embedded H2, a fresh in-memory database per test. */
class H2ResultPollScheduleTest extends ResultPollScheduleContract {
    @Override
    TestDatabase emptyDatabase() {
        return TestDatabase.h2("poll-schedule");
    }
}
