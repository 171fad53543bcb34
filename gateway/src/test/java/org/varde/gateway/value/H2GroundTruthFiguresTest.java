package org.varde.gateway.value;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.JdbcJournal;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The figures against ground truth on embedded H2, the default store. */
class H2GroundTruthFiguresTest extends GroundTruthFiguresContract {
    @TempDir
    Path tmp;
    JdbcJournal journal;

    @AfterEach
    void close() {
        journal.close();
    }

    @Override
    DataSource open() {
        journal = JdbcJournal.open(GatewayConfig.forTests(tmp).store());
        return journal.dataSource();
    }
}
