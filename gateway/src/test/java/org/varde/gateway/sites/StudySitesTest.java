package org.varde.gateway.sites;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.JdbcJournal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A study keeps the site it was given at arrival, whatever later instances or a new config say. */
class StudySitesTest {
    @TempDir
    Path dir;
    private JdbcJournal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void theFirstInstanceDecidesAndAReloadDoesNotMoveOldStudies() throws Exception {
        journal = JdbcJournal.open(GatewayConfig.forTests(dir).store());
        AtomicReference<Sites> config = new AtomicReference<>(new Sites(List.of(
                new Site("nordby", List.of("CT_NORD"), List.of()), new Site("sorvik", List.of(), List.of("Sørvik")))));
        StudySites sites = new StudySites(journal.dataSource(), config::get, Clock.systemUTC());

        sites.assign("1.2.3", "CT_NORD", "Sørvik");
        sites.assign("1.2.3", "OTHER", "Sørvik");
        sites.assign("1.2.4", "OTHER", "sørvik");
        sites.assign("1.2.5", "OTHER", null);
        assertEquals(Optional.of("nordby"), sites.siteOf("1.2.3"));
        assertEquals(Optional.of("sorvik"), sites.siteOf("1.2.4"));
        assertEquals(Optional.of(Sites.UNASSIGNED), sites.siteOf("1.2.5"));
        assertEquals(Optional.empty(), sites.siteOf("9.9"));

        // CT_NORD moves to sorvik: studies already here keep their site, new ones follow the new block
        config.set(new Sites(List.of(new Site("sorvik", List.of("CT_NORD"), List.of()))));
        StudySites afterRestart = new StudySites(journal.dataSource(), config::get, Clock.systemUTC());
        afterRestart.assign("1.2.3", "CT_NORD", null);
        afterRestart.assign("1.2.6", "CT_NORD", null);
        assertEquals(Optional.of("nordby"), afterRestart.siteOf("1.2.3"));
        assertEquals(Optional.of("sorvik"), afterRestart.siteOf("1.2.6"));
    }
}
