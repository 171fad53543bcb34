package org.varde.gateway.privacy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/** The pseudonym store on PostgreSQL (several nodes share it), in a schema dropped afterwards. */
class PostgresPseudonymStoreTest extends PseudonymStoreContract {
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("pseudonyms_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    TestDatabase emptyDatabase() {
        return schema.emptied("pseudonym_uids", "pseudonym_patients");
    }
}
