package org.varde.gateway.testing;

/**
 * Where a test's database is: what each simulated node's pool and the journal connect to. An
 * embedded H2 one here, a PostgreSQL one from {@link PostgresSchema#emptied}.
 */
public record TestDatabase(String jdbcUrl, String user) {

    /** A fresh in-memory H2 database with the gateway's migrations applied. */
    public static TestDatabase h2(String prefix) {
        return new TestDatabase(H2Database.migratedInMemory(prefix), H2Database.USER);
    }
}
