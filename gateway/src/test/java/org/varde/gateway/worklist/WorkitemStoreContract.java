package org.varde.gateway.worklist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worklist's rows on each database the gateway runs on: a workitem and its input survive a new
 * connection pool (a restart), each state change wins at most once (two performers claiming at once,
 * a wrong Transaction UID, a finished workitem), and WADO-RS may give a vendor only what its own open
 * workitems list; UPS subscriptions (V38) are read back by another pool, a global one subscribes each
 * new workitem of its vendor that matches its filter, and suspending it keeps those.
 */
abstract class WorkitemStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private Pools pools;
    private DataSource dataSource;
    private WorkitemStore store;
    private TestDatabase db;
    private Job job;

    protected abstract TestDatabase database();

    @BeforeEach
    void open() {
        pools = new Pools("workitems");
        db = database();
        dataSource = pools.open(db);
        store = new WorkitemStore(dataSource);
        job = new JdbcJobStore(dataSource, Backoff.DEFAULT, Clock.systemUTC()).create(new NewJob("1.2.826.0.1.5",
                "cxr-triage", "cxr", RouteMode.CLINICAL, 1, List.of("1.2.826.0.1.5.1"), 3));
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private Workitem scheduled(String uid, String algorithm) {
        Workitem w = new Workitem(uid, job.id(), job.idempotencyKey(), algorithm, job.studyInstanceUid(),
                ProcedureStepState.SCHEDULED, "HIGH", URI.create("https://varde.example/dicomweb"), null, T0, null, null,
                null, null, null, null, null);
        store.create(w, List.of(
                new WorkitemInput(uid, job.studyInstanceUid(), "1.2.826.0.1.5.1", "1.2.840.10008.5.1.4.1.1.1.1", uid + ".1"),
                new WorkitemInput(uid, job.studyInstanceUid(), "1.2.826.0.1.5.1", "1.2.840.10008.5.1.4.1.1.1.1", uid + ".2")));
        return w;
    }

    @Test
    void aWorkitemAndItsInputAreReadBackByAnotherPool() {
        scheduled("2.25.1", "cxr-triage");
        WorkitemStore other = new WorkitemStore(pools.open(db));
        Workitem back = other.get("2.25.1").orElseThrow();
        assertEquals(ProcedureStepState.SCHEDULED, back.state());
        assertEquals("HIGH", back.priority());
        assertEquals(URI.create("https://varde.example/dicomweb"), back.retrieveBaseUrlOrNull());
        assertEquals(T0, back.createdAt());
        assertEquals(List.of("2.25.1.1", "2.25.1.2"), other.input("2.25.1").stream().map(WorkitemInput::sopInstanceUid)
                .toList());
        assertEquals("2.25.1", other.openFor(job.idempotencyKey()).orElseThrow().uid());
        assertEquals(1, other.search("cxr-triage", ProcedureStepState.SCHEDULED, null, 0, 10).size());
        assertEquals(0, other.search("someone-else", null, null, 0, 10).size(), "another algorithm sees nothing");
    }

    @Test
    void twoPerformersClaimingAtOnceOneWins() throws Exception {
        scheduled("2.25.2", "cxr-triage");
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (String txn : List.of("2.25.100", "2.25.200")) {
                claims.add(two.submit(() -> {
                    start.await();
                    return store.claim("2.25.2", txn, T0.plusSeconds(1));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> c : claims) {
                won += c.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            two.shutdownNow();
        }
        Workitem w = store.get("2.25.2").orElseThrow();
        assertEquals(ProcedureStepState.IN_PROGRESS, w.state());
        assertTrue(List.of("2.25.100", "2.25.200").contains(w.transactionUid()));
    }

    @Test
    void onlyTheOwningTransactionFinishesAndOnlyOnce() {
        scheduled("2.25.3", "cxr-triage");
        assertFalse(store.finish("2.25.3", "2.25.100", ProcedureStepState.COMPLETED, null, T0), "not claimed");
        assertTrue(store.claim("2.25.3", "2.25.100", T0));
        assertFalse(store.finish("2.25.3", "2.25.999", ProcedureStepState.COMPLETED, null, T0), "wrong transaction");
        assertTrue(store.finish("2.25.3", "2.25.100", ProcedureStepState.CANCELED, "image unreadable", T0.plusSeconds(5)));
        assertFalse(store.finish("2.25.3", "2.25.100", ProcedureStepState.COMPLETED, null, T0), "already final");
        Workitem w = store.get("2.25.3").orElseThrow();
        assertEquals(ProcedureStepState.CANCELED, w.state());
        assertEquals(Workitem.BY_PERFORMER, w.endedBy());
        assertEquals("image unreadable", w.finalReason());
        assertEquals(List.of("2.25.3"), store.unapplied(10).stream().map(Workitem::uid).toList());
        store.applied("2.25.3", T0.plusSeconds(6));
        assertEquals(List.of(), store.unapplied(10));
        assertTrue(store.openFor(job.idempotencyKey()).isEmpty());
    }

    @Test
    void cancellationOfAScheduledOneIsAtOnceOfAnInProgressOneARequestRecordedOnce() {
        scheduled("2.25.4", "cxr-triage");
        scheduled("2.25.5", "cxr-triage");
        assertTrue(store.cancelScheduled("2.25.4", "job DEAD_LETTER", false, T0));
        assertFalse(store.cancelScheduled("2.25.4", "again", false, T0));
        Workitem canceled = store.get("2.25.4").orElseThrow();
        assertEquals(ProcedureStepState.CANCELED, canceled.state());
        assertEquals(Workitem.BY_VARDE, canceled.endedBy());
        assertEquals(T0, canceled.appliedAt(), "Varde's own cancel needs not be told to the job");

        assertFalse(store.requestCancel("2.25.5", "not in progress yet", T0));
        assertTrue(store.claim("2.25.5", "2.25.100", T0));
        assertTrue(store.requestCancel("2.25.5", "result deadline passed", T0.plusSeconds(1)));
        assertFalse(store.requestCancel("2.25.5", "twice", T0.plusSeconds(2)));
        Workitem requested = store.get("2.25.5").orElseThrow();
        assertTrue(requested.cancelRequested());
        assertEquals("result deadline passed", requested.cancelReason());
        assertNull(requested.finishedAt());
        assertTrue(store.openFor(job.idempotencyKey()).isEmpty(), "a workitem asked to cancel is not reused");
    }

    @Test
    void wadoMayGiveAVendorOnlyWhatItsOwnOpenWorkitemsList() {
        scheduled("2.25.6", "cxr-triage");
        String study = job.studyInstanceUid();
        assertEquals(2, store.retrievable("cxr-triage", study, "1.2.826.0.1.5.1").size());
        assertEquals(0, store.retrievable("other-vendor", study, "1.2.826.0.1.5.1").size());
        assertEquals(0, store.retrievable("cxr-triage", study, "1.2.826.0.1.5.9").size());
        assertTrue(store.claim("2.25.6", "2.25.100", T0));
        assertEquals(2, store.retrievable("cxr-triage", study, "1.2.826.0.1.5.1").size());
        assertTrue(store.finish("2.25.6", "2.25.100", ProcedureStepState.COMPLETED, null, T0));
        assertEquals(0, store.retrievable("cxr-triage", study, "1.2.826.0.1.5.1").size(), "finished: nothing");
        assertEquals("2.25.6", store.newestOf(job.id()).orElseThrow().uid());
    }

    @Test
    void subscriptionsAreKeptAndAGlobalOneSubscribesEachMatchingNewWorkitemOfItsVendor() throws Exception {
        Workitem open = scheduled("2.25.40", "cxr-triage");
        List<String> heard = new ArrayList<>();
        Subscriptions subs = new Subscriptions(new SubscriptionStore(dataSource), store, Clock.systemUTC());
        subs.sendTo((to, event) -> heard.add(to.aeTitle() + " " + event.type() + " " + event.instanceUid()));
        Subscriber watcher = new Subscriber("cxr-triage", "WATCHER");
        Subscriber filtered = new Subscriber("cxr-triage", "ONLY_OTHER");
        subs.subscribe(watcher, Subscriptions.GLOBAL, true, SubscriptionFilter.ANY);
        subs.subscribe(filtered, Subscriptions.FILTERED_GLOBAL, false, new SubscriptionFilter(null, "1.2.9"));
        subs.subscribe(new Subscriber("someone-else", "WATCHER"), Subscriptions.GLOBAL, false, SubscriptionFilter.ANY);
        assertEquals(List.of("WATCHER STATE_REPORT 2.25.40"), heard, "with a lock: the open workitem's state at once");

        Subscriptions afterRestart = new Subscriptions(new SubscriptionStore(pools.open(db)), store, Clock.systemUTC());
        Workitem created = scheduled("2.25.41", "cxr-triage");
        afterRestart.created(created);
        assertEquals(List.of(watcher), afterRestart.store().of("2.25.41"),
                "the vendor's global subscriber, not the filtered one, not another vendor's");
        assertTrue(afterRestart.store().locked("2.25.41"), "the global Deletion Lock carries over");
        assertEquals(List.of(watcher), afterRestart.store().of(open.uid()));

        assertTrue(afterRestart.suspend(watcher, Subscriptions.GLOBAL));
        afterRestart.created(scheduled("2.25.42", "cxr-triage"));
        assertEquals(List.of(), afterRestart.store().of("2.25.42"), "suspended: no new workitem");
        assertEquals(List.of(watcher), afterRestart.store().of("2.25.41"), "suspended: the current ones kept");
        assertFalse(afterRestart.unsubscribe(watcher, Subscriptions.GLOBAL), "no global subscription any more");
        assertTrue(afterRestart.unsubscribe(watcher, "2.25.41"));
        assertFalse(afterRestart.store().locked("2.25.41"));
        try {
            subs.subscribe(watcher, "2.25.43", false, SubscriptionFilter.ANY);
            throw new AssertionError("a workitem that does not exist cannot be subscribed to");
        } catch (StateChangeRefused e) {
            assertEquals(404, e.status());
        }
    }
}
