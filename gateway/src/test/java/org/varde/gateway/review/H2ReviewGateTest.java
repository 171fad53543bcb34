package org.varde.gateway.review;

import org.varde.gateway.testing.TestDatabase;

class H2ReviewGateTest extends ReviewGateContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.h2("reviews");
    }
}
