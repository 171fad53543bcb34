package org.varde.gateway.jobs;

import org.flywaydb.core.Flyway;

import java.util.UUID;

/** The job store contract on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2JobStoreTest extends JobStoreContract {
    private String url;

    @Override
    void prepareEmptyDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the database while no pool holds a connection; SHUTDOWN is not needed as
        // each test has its own name and the JVM ends with the run
        url = "jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
    }

    @Override
    String jdbcUrl() {
        return url;
    }

    @Override
    String user() {
        return "sa";
    }
}
