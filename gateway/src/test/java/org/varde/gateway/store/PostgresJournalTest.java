package org.varde.gateway.store;

import org.junit.jupiter.api.AfterEach;
import org.varde.gateway.config.StoreSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The journal contract on PostgreSQL, each test in a schema of its own that is dropped afterwards:
 * the migrations must run unchanged on both databases. PostgreSQL must be running (as for the job
 * store tests): a missing server fails these tests, it never skips them.
 */
class PostgresJournalTest extends JournalContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";
    private final String schema = "journal_test_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    StoreSettings settings() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new StoreSettings(SERVER + "?currentSchema=" + schema, USER, "");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(SERVER, USER, "");
    }
}
