package org.varde.gateway.delivery;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("deliveries");

    @Override
    protected TestDatabase database() {
        return SCHEMA.get().emptied("delivery_events", "deliveries");
    }
}
