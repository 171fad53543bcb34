package org.varde.gateway.assembly;

import org.flywaydb.core.Flyway;

import java.util.UUID;

/** Study completion on embedded H2 (the single-node default), a fresh in-memory database per test. */
class H2StudyAssemblerTest extends StudyAssemblerContract {
    private String url;

    @Override
    void prepareEmptyDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the database between pools; each test has its own name
        url = "jdbc:h2:mem:assembly-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
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
