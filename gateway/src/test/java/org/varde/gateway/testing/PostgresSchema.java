package org.varde.gateway.testing;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A schema of its own on the test PostgreSQL server, so tests (and parallel builds) never see each
 * other's rows; dropped afterwards. PostgreSQL must be running: a missing server fails the test with
 * a message saying how to start it, it never skips it.
 */
public final class PostgresSchema {
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /** A name {@code prefix_<random>} for a schema not created yet (for code that creates it itself). */
    public static PostgresSchema named(String prefix) {
        return new PostgresSchema(prefix + "_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** A fresh, empty schema. */
    public static PostgresSchema create(String prefix) {
        PostgresSchema schema = named(prefix);
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    /** A fresh schema with the gateway's Flyway migrations applied. */
    public static PostgresSchema migrated(String prefix) {
        PostgresSchema schema = named(prefix);
        try (Connection c = connect()) {
            Flyway.configure().dataSource(SERVER, USER, "").schemas(schema.name).defaultSchema(schema.name)
                    .locations("classpath:db/migration").load().migrate();
        } catch (SQLException e) {
            throw unreachable(e);
        }
        return schema;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL whose connections work in this schema. */
    public String jdbcUrl() {
        return SERVER + "?currentSchema=" + name;
    }

    public String user() {
        return USER;
    }

    /** Empties the tables, in the order given (children before parents where foreign keys bind them). */
    public void deleteFrom(String... tables) {
        for (String table : tables) {
            execute("DELETE FROM " + name + "." + table);
        }
    }

    /** Empties {@code tables} (children before parents) and returns this schema as a test database. */
    public TestDatabase emptied(String... tables) {
        deleteFrom(tables);
        return database();
    }

    /** This schema as a test database, its rows as they are. */
    public TestDatabase database() {
        return new TestDatabase(jdbcUrl(), USER);
    }

    public void drop() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** A connection to the test server (not bound to this schema: qualify table names). */
    public static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        try {
            return DriverManager.getConnection(SERVER, USER, "");
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + SERVER, e);
        }
    }

    private static AssertionError unreachable(SQLException e) {
        return fail("PostgreSQL is not reachable at " + SERVER + " as " + USER + " (" + e.getMessage()
                + "); start it with scripts/start-postgres.sh", e);
    }
}
