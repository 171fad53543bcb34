package org.varde.gateway.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The group commit of {@link JdbcJournal#record}: many associations journaling at once share
 * commits, and every record still lands exactly once, including the same instance sent on two
 * associations at the same moment (a batch with a duplicate falls back to one by one).
 */
class JournalGroupCommitTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.1";
    private static final int ASSOCIATIONS = 6;
    private static final int EACH = 40;
    private static final int SHARED = 10;

    @TempDir
    Path storage;
    private JdbcJournal journal;
    private ExecutorService workers;

    @BeforeEach
    void open() {
        journal = JdbcJournal.open(GatewayConfig.forTests(storage).store());
        workers = Executors.newFixedThreadPool(ASSOCIATIONS);
    }

    @AfterEach
    void close() {
        workers.shutdownNow();
        journal.close();
    }

    @Test
    void concurrentRecordsIncludingOneInstanceOnEveryAssociationLandExactlyOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int a = 0; a < ASSOCIATIONS; a++) {
            int association = a;
            senders.add(workers.submit(() -> {
                start.await();
                for (int i = 0; i < EACH; i++) {
                    journal.record(JournalContract.instance(STUDY + "." + association + "." + i, STUDY,
                            STUDY + ".9", 1000 + i, Instant.now()));
                    if (i < SHARED) {
                        // the same instance from every association, concurrently: a duplicate in a batch
                        journal.record(JournalContract.instance(STUDY + ".shared." + i, STUDY, STUDY + ".9",
                                7, Instant.now()));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }

        List<InstanceRecord> rows = journal.instancesOfStudy(STUDY);
        assertEquals(ASSOCIATIONS * EACH + SHARED, rows.size());
        assertEquals(ASSOCIATIONS * EACH + SHARED, rows.stream().map(InstanceRecord::sopInstanceUid).distinct().count());
        assertEquals(1000 + EACH - 1, journal.instance(STUDY + "." + (ASSOCIATIONS - 1) + "." + (EACH - 1))
                .orElseThrow().byteCount());
        assertEquals(7, journal.instance(STUDY + ".shared.0").orElseThrow().byteCount());
    }
}
