package org.varde.gateway.privacy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.dicom.data.UID;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pseudonym tables' behaviour on every database: run on H2 and PostgreSQL by the subclasses. */
abstract class PseudonymStoreContract {
    private static final String STUDY = "1.2.826.0.1.3680043.9.7433.5.1";
    private static final String SERIES = "1.2.826.0.1.3680043.9.7433.5.2";

    private final Pools pools = new Pools("pseudonyms-test");
    PseudonymStore store;
    DataSource dataSource;

    abstract TestDatabase emptyDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        dataSource = pools.open(emptyDatabase());
        store = new PseudonymStore(dataSource, Clock.systemUTC());
    }

    @AfterEach
    void closePools() {
        pools.close();
    }

    @Test
    void anOriginalGetsOneReplacementForEverAndItLeadsBack() {
        Map<String, String> first = store.replacements("lung-nodules", List.of(STUDY, SERIES));
        Map<String, String> again = store.replacements("lung-nodules", List.of(SERIES, STUDY));
        assertEquals(first, again);
        assertNotEquals(STUDY, first.get(STUDY));
        assertTrue(UID.isSafe(first.get(STUDY)) && first.get(STUDY).startsWith("2.25."), first.get(STUDY));
        assertEquals(Map.of(first.get(STUDY), STUDY, first.get(SERIES), SERIES),
                store.originals("lung-nodules", List.of(first.get(STUDY), first.get(SERIES), "1.2.3")));
    }

    @Test
    void aReplacementNamesItsAlgorithmAndOriginalWithoutKnowingTheScope() {
        String forLung = store.replacements("lung-nodules", List.of(STUDY)).get(STUDY);
        assertEquals(new PseudonymStore.Pseudonym("lung-nodules", STUDY, forLung), store.find(forLung).orElseThrow());
        assertTrue(store.find(STUDY).isEmpty(), "an original is not a replacement");
    }

    @Test
    void eachAlgorithmGetsItsOwnPseudonymsAndCannotResolveAnothersOnes() {
        String forLung = store.replacements("lung-nodules", List.of(STUDY)).get(STUDY);
        String forPe = store.replacements("pe-detect", List.of(STUDY)).get(STUDY);
        assertNotEquals(forLung, forPe);
        assertTrue(store.originals("pe-detect", List.of(forLung)).isEmpty());
        PatientPseudonym lungPatient = store.patient("lung-nodules", "|PID-1");
        assertNotEquals(lungPatient.id(), store.patient("pe-detect", "|PID-1").id());
    }

    @Test
    void aPatientKeepsPseudonymAndDayShiftAcrossStudies() {
        PatientPseudonym first = store.patient("lung-nodules", "|PID-1");
        PatientPseudonym again = store.patient("lung-nodules", "|PID-1");
        assertEquals(first, again);
        assertNotEquals(first.id(), store.patient("lung-nodules", "|PID-2").id());
        assertTrue(first.dayShift() <= -PseudonymStore.MIN_SHIFT_DAYS && first.dayShift() >= -PseudonymStore.MAX_SHIFT_DAYS,
                "shift " + first.dayShift());
    }

    @Test
    void twoNodesPseudonymisingTheSameStudyAtOnceAgreeOnEveryReplacement() throws Exception {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            uids.add("1.2.826.0.1.3680043.9.7433.6." + i);
        }
        PseudonymStore other = new PseudonymStore(dataSource, Clock.systemUTC());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<Map<String, String>> a = threads.submit(() -> {
                start.await();
                return store.replacements("lung-nodules", uids);
            });
            Future<Map<String, String>> b = threads.submit(() -> {
                start.await();
                return other.replacements("lung-nodules", uids);
            });
            Future<PatientPseudonym> pa = threads.submit(() -> store.patient("lung-nodules", "|RACE"));
            start.countDown();
            Map<String, String> fromA = a.get(60, TimeUnit.SECONDS);
            assertEquals(fromA, b.get(60, TimeUnit.SECONDS));
            assertEquals(pa.get(60, TimeUnit.SECONDS), other.patient("lung-nodules", "|RACE"));
            assertEquals(uids.size(), new HashSet<>(fromA.values()).size(), "one replacement per original");
        } finally {
            threads.shutdownNow();
        }
        Map<String, String> back = store.originals("lung-nodules", store.replacements("lung-nodules", uids).values());
        assertEquals(Set.copyOf(uids), Set.copyOf(back.values()));
    }
}
