package org.varde.gateway.delivery;

import org.varde.gateway.testing.TestDatabase;

class H2DeliveryStoreTest extends DeliveryStoreContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.h2("deliveries");
    }
}
