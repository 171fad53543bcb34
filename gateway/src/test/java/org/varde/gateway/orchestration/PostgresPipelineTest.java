package org.varde.gateway.orchestration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on PostgreSQL, configured as the issue writes it ({@code postgresql://host/db?user=}),
 * each test in a fresh schema dropped afterwards. A missing server fails, it never skips.
 */
class PostgresPipelineTest extends PipelineContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "pipeline_test_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    String storeSection() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return "store: {url: \"postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + schema + "\"}";
    }

    @Override
    void afterGatewayStopped() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // the gateway really ran on this schema: Flyway migrated it (V1..V4 at least)
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 4, "migrations applied in " + schema);
            }
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(SERVER, "postgres", "");
    }
}
