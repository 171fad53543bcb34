package org.varde.gateway.worklist;

import org.varde.gateway.testing.TestDatabase;

class H2WorkitemStoreTest extends WorkitemStoreContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.h2("workitems");
    }
}
