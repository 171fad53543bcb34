package org.varde.gateway.assembly;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

/**
 * Study completion on PostgreSQL (several nodes), in a schema of its own dropped afterwards.
 * PostgreSQL must be running (scripts/start-postgres.sh): a missing server fails these tests, never skips them.
 */
class PostgresStudyAssemblerTest extends StudyAssemblerContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("assembly_test");
    /** Children before parents (foreign keys). */
    private static final String[] TABLES = {"study_arrivals", "study_generations", "studies", "mpps_references",
            "mpps_studies", "mpps", "instances"};

    @Override
    TestDatabase emptyDatabase() {
        return SCHEMA.get().emptied(TABLES);
    }
}
