package org.varde.gateway.value;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.PostgresSchema;

import javax.sql.DataSource;

/**
 * The figures against ground truth on PostgreSQL, in a schema of its own dropped afterwards.
 * PostgreSQL must be running: a missing server fails these tests, never skips them.
 */
class PostgresGroundTruthFiguresTest extends GroundTruthFiguresContract {
    private static PostgresSchema schema;
    JdbcJournal journal;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("truth_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @AfterEach
    void close() {
        schema.deleteFrom("ground_truth", "usage_ledger", "results", "job_events", "jobs");
        journal.close();
    }

    @Override
    DataSource open() {
        journal = JdbcJournal.open(new StoreSettings(schema.jdbcUrl(), schema.user(), ""));
        return journal.dataSource();
    }
}
