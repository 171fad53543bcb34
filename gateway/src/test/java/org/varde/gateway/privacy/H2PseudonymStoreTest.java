package org.varde.gateway.privacy;

import org.varde.gateway.testing.TestDatabase;

/** The pseudonym store on embedded H2, a fresh in-memory database per test. */
class H2PseudonymStoreTest extends PseudonymStoreContract {
    @Override
    TestDatabase emptyDatabase() {
        return TestDatabase.h2("pseudonyms");
    }
}
