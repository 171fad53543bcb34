package org.varde.gateway.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One migrated PostgreSQL schema for all tests of a class: created before the first, dropped after
 * the last; each test empties the tables it uses, so the migrations run once per class. Registered as
 * {@code @RegisterExtension static final PostgresClassSchema SCHEMA = new PostgresClassSchema("jobs_test");}
 */
public final class PostgresClassSchema implements BeforeAllCallback, AfterAllCallback {
    private final String prefix;
    private PostgresSchema schema;

    /** @param prefix the schema's name before its random part */
    public PostgresClassSchema(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        schema = PostgresSchema.migrated(prefix);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // null when the server was not reachable: that failure is the one to report
        if (schema != null) {
            schema.drop();
        }
    }

    /** The schema, from before the class's first test to after its last. */
    public PostgresSchema get() {
        return schema;
    }
}
