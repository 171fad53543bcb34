package org.varde.gateway.testing;

import org.flywaydb.core.Flyway;

import java.util.UUID;

/** Embedded H2 databases for tests: in memory, one per test, migrated like the gateway's own. */
public final class H2Database {
    public static final String USER = "sa";

    private H2Database() {
    }

    /**
     * The URL of a fresh in-memory database named {@code prefix-<random>}. DB_CLOSE_DELAY=-1 keeps it
     * while no pool holds a connection; it needs no shutdown, as each has its own name and the JVM
     * ends with the run.
     */
    public static String inMemory(String prefix) {
        return "jdbc:h2:mem:" + prefix + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** {@link #inMemory} with the gateway's Flyway migrations applied. */
    public static String migratedInMemory(String prefix) {
        String url = inMemory(prefix);
        Flyway.configure().dataSource(url, USER, "").locations("classpath:db/migration").load().migrate();
        return url;
    }
}
