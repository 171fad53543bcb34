package org.varde.gateway.assembly;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * Study completion on PostgreSQL (several nodes), in a schema of its own dropped afterwards.
 * PostgreSQL must be running (scripts/start-postgres.sh): a missing server fails these tests, never skips them.
 */
class PostgresStudyAssemblerTest extends StudyAssemblerContract {
    /** Children before parents (foreign keys). */
    private static final String[] TABLES = {"study_arrivals", "study_generations", "studies", "mpps_references",
            "mpps_studies", "mpps", "instances"};
    private static PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.migrated("assembly_test");
    }

    @AfterAll
    static void dropSchema() {
        schema.drop();
    }

    @Override
    TestDatabase emptyDatabase() {
        return schema.emptied(TABLES);
    }
}
