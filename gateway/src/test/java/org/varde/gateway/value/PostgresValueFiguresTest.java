package org.varde.gateway.value;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.PostgresSchema;

import javax.sql.DataSource;

/**
 * The value figures on PostgreSQL, in a schema of its own dropped afterwards. PostgreSQL must be
 * running: a missing server fails these tests, never skips them.
 */
class PostgresValueFiguresTest extends ValueFiguresContract {
    private static PostgresSchema schema;
    JdbcJournal journal;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("value_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @AfterEach
    void close() {
        schema.deleteFrom("result_feedback", "deliveries", "usage_ledger", "results", "job_events", "jobs", "study_generations",
                "routing_decisions", "study_sites", "studies");
        journal.close();
    }

    @Override
    DataSource open() {
        journal = JdbcJournal.open(new StoreSettings(schema.jdbcUrl(), schema.user(), ""));
        return journal.dataSource();
    }
}
