package org.varde.gateway.assembly;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Study completion on PostgreSQL (several nodes), in a schema of its own dropped afterwards.
 * PostgreSQL must be running (scripts/start-postgres.sh): a missing server fails these tests, never skips them.
 */
class PostgresStudyAssemblerTest extends StudyAssemblerContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";
    private static final String SCHEMA = "assembly_test_" + UUID.randomUUID().toString().replace("-", "");
    /** Children before parents (foreign keys). */
    private static final String[] TABLES = {"study_arrivals", "study_generations", "studies", "mpps_references",
            "mpps_studies", "mpps", "instances"};

    @BeforeAll
    static void createSchema() {
        try (Connection c = connect()) {
            Flyway.configure().dataSource(SERVER, USER, "").schemas(SCHEMA).defaultSchema(SCHEMA)
                    .locations("classpath:db/migration").load().migrate();
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + SERVER + " as " + USER + " (" + e.getMessage()
                    + "); start it with scripts/start-postgres.sh");
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(SERVER, USER, "");
    }

    @Override
    void prepareEmptyDatabase() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DELETE FROM " + SCHEMA + "." + table);
            }
        }
    }

    @Override
    String jdbcUrl() {
        return SERVER + "?currentSchema=" + SCHEMA;
    }

    @Override
    String user() {
        return USER;
    }
}
