package org.varde.gateway.privacy;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

/** The pseudonym store on PostgreSQL (several nodes share it), in a schema dropped afterwards. */
class PostgresPseudonymStoreTest extends PseudonymStoreContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("pseudonyms_test");

    @Override
    TestDatabase emptyDatabase() {
        return SCHEMA.get().emptied("pseudonym_uids", "pseudonym_patients");
    }
}
