package org.varde.gateway.store;

import org.junit.jupiter.api.Test;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.testing.PostgresSchema;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code store.sslmode} reaches the PostgreSQL driver (the local test server, trust authentication):
 * {@code verify-full} without a root certificate cannot connect, whether or not the server offers
 * TLS, while {@code disable} connects; without the setting both would connect alike.
 */
class StoreSslModeTest {
    @Test
    void sslmodeIsHandedToTheDriver() {
        PostgresSchema schema = PostgresSchema.create("sslmode_test");
        try {
            String url = schema.jdbcUrl() + "&connectTimeout=10";
            try (JdbcJournal plain = JdbcJournal.open(new StoreSettings(url, schema.user(), null, "disable"))) {
                assertTrue(plain.journaledFiles().isEmpty(), "sslmode=disable connects");
            }
            RuntimeException refused = assertThrows(RuntimeException.class, () -> JdbcJournal.open(new StoreSettings(
                    url + "&sslrootcert=/nonexistent/root.crt", schema.user(), null, "verify-full")).close());
            String chain = chain(refused);
            assertTrue(chain.contains("SSL") || chain.contains("ssl") || chain.contains("root"), chain);
        } finally {
            schema.drop();
        }
    }

    private static String chain(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(c).append(" <- ");
        }
        return text.toString();
    }
}
