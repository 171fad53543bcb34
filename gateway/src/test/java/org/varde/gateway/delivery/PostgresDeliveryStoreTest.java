package org.varde.gateway.delivery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("deliveries");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    protected TestDatabase database() {
        return schema.emptied("delivery_events", "deliveries");
    }
}
