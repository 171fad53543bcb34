package org.varde.gateway.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.jobs.JobState.DEAD_LETTER;
import static org.varde.gateway.jobs.JobState.DELIVERING;
import static org.varde.gateway.jobs.JobState.DISPATCHING;
import static org.varde.gateway.jobs.JobState.DONE;
import static org.varde.gateway.jobs.JobState.FAILED;
import static org.varde.gateway.jobs.JobState.PENDING;
import static org.varde.gateway.jobs.JobState.QUARANTINED;
import static org.varde.gateway.jobs.JobState.RESULT_RECEIVED;
import static org.varde.gateway.jobs.JobState.WAITING_RESULT;

/**
 * The behaviour every {@link JobStore} database must have. Run against H2 and PostgreSQL by the
 * subclasses, which hand out connection pools onto an empty, migrated database for each test.
 */
abstract class JobStoreContract {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(80));
    static final Duration LEASE = Duration.ofSeconds(30);
    static final String STUDY = "1.2.826.0.1.3680043.9.7433.1.1";

    private final Pools pools = new Pools("jobs-test");
    MutableClock clock;
    TestDatabase database;
    JdbcJobStore store;

    /** Empties (or creates) the database of this test, migrated. */
    abstract TestDatabase emptyDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        database = emptyDatabase();
        clock = new MutableClock(T0);
        store = newNode();
    }

    @AfterEach
    void closePools() {
        pools.close();
    }

    /** Another store instance with its own pool: what a second gateway node would have. */
    JdbcJobStore newNode() {
        return new JdbcJobStore(pools.open(database), BACKOFF, clock);
    }

    static NewJob newJob(String algorithm) {
        return new NewJob(STUDY, algorithm, "ct-thorax", RouteMode.CLINICAL, 1, List.of("1.2.3.1", "1.2.3.2"), 3);
    }

    /** Creates a job and has {@code node} claim it and start dispatching. */
    Job dispatching(String node) {
        Job job = store.create(newJob("lung-nodules"));
        assertEquals(List.of(job.id()), ids(store.claim(node, LEASE, 10, clock.instant())));
        return store.transition(job.id(), node, PENDING, DISPATCHING, "sending 2 series");
    }

    static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    List<String> transitions(String jobId) {
        return store.events(jobId).stream()
                .map(e -> (e.from() == null ? "-" : e.from().name()) + ">" + e.to().name()).toList();
    }

    @Test
    void newJobIsPendingDueNowWithItsCreationRecorded() {
        Job job = store.create(newJob("lung-nodules"));
        assertEquals(PENDING, job.state());
        assertEquals(0, job.attempts());
        assertEquals(3, job.maxAttempts());
        assertEquals(T0, job.nextAttemptAt());
        assertEquals(List.of("1.2.3.1", "1.2.3.2"), job.selectedSeries());
        assertEquals(RouteMode.CLINICAL, job.mode());
        assertNull(job.leaseOwner());
        assertEquals(job, store.get(job.id()).orElseThrow());
        assertEquals(List.of("->PENDING"), transitions(job.id()));
    }

    @Test
    void createIsIdempotentPerStudyAlgorithmAndGeneration() {
        Job first = store.create(newJob("lung-nodules"));
        Job again = store.create(newJob("lung-nodules"));
        assertEquals(first.id(), again.id());
        NewJob followUp = new NewJob(STUDY, "lung-nodules", "ct-thorax", RouteMode.CLINICAL, 2, List.of("1.2.3.9"));
        Job second = store.create(followUp);
        assertNotEquals(first.id(), second.id());
        assertNotEquals(first.idempotencyKey(), second.idempotencyKey());
        assertEquals(2, store.forStudy(STUDY).size());
        assertEquals(1, store.events(first.id()).size(), "the second create records nothing");
    }

    @Test
    void idempotencyKeyIsStableAndCarriesNoUid() {
        Job job = store.create(newJob("lung-nodules"));
        assertEquals(NewJob.idempotencyKey(STUDY, "lung-nodules", 1), job.idempotencyKey());
        assertFalse(job.idempotencyKey().contains(STUDY), job.idempotencyKey());
        assertNotEquals(job.idempotencyKey(), NewJob.idempotencyKey(STUDY, "lung-embolism", 1));
    }

    @Test
    void concurrentCreatesFromTwoNodesYieldOneJob() throws Exception {
        JdbcJobStore other = newNode();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Job>> created = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JobStore node = i % 2 == 0 ? store : other;
                created.add(threads.submit(() -> {
                    start.await();
                    return node.create(newJob("lung-nodules"));
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Job> job : created) {
                ids.add(job.get(30, TimeUnit.SECONDS).id());
            }
            assertEquals(1, ids.size(), ids.toString());
            assertEquals(1, store.forStudy(STUDY).size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void jobWalksEveryStepToDoneAndEachIsRecorded() {
        Job job = dispatching("node-a");
        assertEquals("node-a", job.leaseOwner());
        String id = job.id();
        job = store.transition(job.id(), "node-a", DISPATCHING, WAITING_RESULT, "vendor accepted");
        assertNull(job.leaseOwner(), "a job handed over to the results stage holds no lease");
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(Duration.ofHours(1))).isEmpty(),
                "a job waiting for its result is never claimed: its stage's rows drive it");
        assertThrows(IllegalArgumentException.class,
                () -> store.transition(id, "node-a", WAITING_RESULT, RESULT_RECEIVED, "not by a lease holder"));
        job = store.advance(job.id(), WAITING_RESULT, RESULT_RECEIVED, "results@node-b", "SR received");
        assertEquals(RESULT_RECEIVED, job.state());
        assertEquals(List.of("->PENDING", "PENDING>PENDING", "PENDING>DISPATCHING", "DISPATCHING>WAITING_RESULT",
                "WAITING_RESULT>RESULT_RECEIVED"), transitions(job.id()));
        List<JobEvent> events = store.events(job.id());
        assertEquals("results@node-b", events.get(events.size() - 1).node());
        assertEquals("SR received", events.get(events.size() - 1).detail());
        assertThrows(LeaseLostException.class,
                () -> store.advance(id, WAITING_RESULT, QUARANTINED, "results@node-c", "too late"),
                "a second result for a job that moved on is refused");
    }

    @Test
    void aHandedOverJobThatFailsIsRetriedLikeAnyOther() {
        Job job = dispatching("node-a");
        store.transition(job.id(), "node-a", DISPATCHING, WAITING_RESULT, "sent");
        Job failed = store.failHandedOver(job.id(), WAITING_RESULT, "results@node-b", "timeout: no result");
        assertEquals(PENDING, failed.state());
        assertEquals(1, failed.attempts());
        assertEquals("timeout: no result", failed.lastError());
        assertNull(failed.leaseOwner());
    }

    @Test
    void aQuarantinedJobIsFinalAndMayBeReplayed() {
        Job job = dispatching("node-a");
        store.transition(job.id(), "node-a", DISPATCHING, WAITING_RESULT, "sent");
        Job quarantined = store.advance(job.id(), WAITING_RESULT, QUARANTINED, "results@node-a", "version 2.0");
        assertTrue(quarantined.state().isFinal());
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(Duration.ofHours(1))).isEmpty());
        assertEquals(PENDING, store.retry(job.id()).state());
    }

    @Test
    void dicomJobIsDoneStraightAfterDispatching() {
        Job job = dispatching("node-a");
        Job done = store.transition(job.id(), "node-a", DISPATCHING, DONE, "vendor acknowledged 2 instances");
        assertEquals(DONE, done.state());
        assertEquals(List.of(done), store.find(DONE, 10));
    }

    @Test
    void illegalTransitionThrowsAndChangesNothing() {
        Job job = dispatching("node-a");
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(job.id(), "node-a", DISPATCHING, RESULT_RECEIVED, "skipping"));
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(job.id(), "node-a", DISPATCHING, PENDING, "backwards"));
        Job done = store.transition(job.id(), "node-a", DISPATCHING, DONE, "acknowledged");
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(job.id(), "node-a", DONE, DISPATCHING, "again"));
        assertEquals(done, store.get(job.id()).orElseThrow());
        assertEquals(4, store.events(job.id()).size());
    }

    @Test
    void failedAttemptGoesBackToPendingAfterJitteredBackoff() {
        Job job = dispatching("node-a");
        Instant failedAt = clock.advance(Duration.ofSeconds(2));
        Job failed = store.transition(job.id(), "node-a", DISPATCHING, FAILED, "association rejected");
        assertEquals(PENDING, failed.state());
        assertEquals(1, failed.attempts());
        assertEquals("association rejected", failed.lastError());
        assertNull(failed.leaseOwner(), "a failed attempt gives the lease up");
        Duration wait = Duration.between(failedAt, failed.nextAttemptAt());
        assertFalse(wait.isNegative(), wait.toString());
        assertTrue(wait.compareTo(BACKOFF.ceiling(1)) <= 0, wait + " beyond " + BACKOFF.ceiling(1));
        assertEquals(List.of("->PENDING", "PENDING>PENDING", "PENDING>DISPATCHING", "DISPATCHING>FAILED",
                "FAILED>PENDING"), transitions(job.id()));
        assertEquals("association rejected", store.events(job.id()).get(3).detail());

        Instant due = failed.nextAttemptAt();
        assertTrue(store.claim("node-b", LEASE, 10, due.minusMillis(1)).isEmpty(), "claimed before its backoff");
        assertEquals(List.of(job.id()), ids(store.claim("node-b", LEASE, 10, due)));
    }

    @Test
    void backoffGrowsWithEachFailureUpToTheCap() {
        NewJob many = new NewJob(STUDY, "fractures", "xr", RouteMode.SHADOW, 1, List.of("1.2.3.1"), 12);
        Job job = store.create(many);
        long longest = 0;
        for (int failures = 1; failures <= 10; failures++) {
            Instant now = clock.advance(Duration.ofHours(1));
            assertEquals(List.of(job.id()), ids(store.claim("node-a", LEASE, 1, now)));
            store.transition(job.id(), "node-a", PENDING, DISPATCHING, "try " + failures);
            Job failed = store.fail(job.id(), "node-a", DISPATCHING, "timeout");
            assertEquals(PENDING, failed.state());
            assertEquals(failures, failed.attempts());
            long wait = Duration.between(now, failed.nextAttemptAt()).toMillis();
            long ceiling = BACKOFF.ceiling(failures).toMillis();
            assertTrue(wait >= 0 && wait <= ceiling, "failure " + failures + ": " + wait + " ms not in [0, "
                    + ceiling + "]");
            longest = Math.max(longest, wait);
        }
        assertTrue(longest <= BACKOFF.cap().toMillis(), "capped");
        // ten draws from ranges up to 80 s: at least one well above the first ceiling (10 s), or the
        // ceiling did not grow (chance of a false alarm below 1e-6)
        assertTrue(longest > BACKOFF.ceiling(1).toMillis(), "longest wait " + longest + " ms: no growth");
    }

    @Test
    void jobIsDeadLetteredAfterMaxAttemptsAndNeverClaimedAgain() {
        Job job = store.create(newJob("lung-nodules"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant now = clock.advance(Duration.ofHours(1));
            assertEquals(List.of(job.id()), ids(store.claim("node-a", LEASE, 1, now)), "attempt " + attempt);
            store.transition(job.id(), "node-a", PENDING, DISPATCHING, "attempt " + attempt);
            job = store.fail(job.id(), "node-a", DISPATCHING, "refused instance, status A700");
        }
        assertEquals(DEAD_LETTER, job.state());
        assertEquals(3, job.attempts());
        assertNull(job.leaseOwner());
        assertEquals(List.of(job), store.find(DEAD_LETTER, 10));
        assertEquals(1L, store.countsByState().get(DEAD_LETTER));
        List<String> transitions = transitions(job.id());
        assertEquals("FAILED>DEAD_LETTER", transitions.get(transitions.size() - 1));
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(Duration.ofDays(30))).isEmpty());
    }

    @Test
    void aPostponedCallCostsNoAttemptSoAnOutageLongerThanTheAttemptsDeadLettersNothing() {
        Job job = store.create(newJob("lung-nodules"));
        Instant now = clock.advance(Duration.ofHours(1));
        assertEquals(List.of(job.id()), ids(store.claim("node-a", LEASE, 1, now)));
        store.transition(job.id(), "node-a", PENDING, DISPATCHING, "attempt 1");
        job = store.fail(job.id(), "node-a", DISPATCHING, "association rejected");
        assertEquals(1, job.attempts());
        // the breaker holds every call back for far more tries than the job has attempts (3)
        for (int held = 1; held <= 10; held++) {
            now = clock.advance(Duration.ofHours(1));
            assertEquals(List.of(job.id()), ids(store.claim("node-a", LEASE, 1, now)), "held " + held);
            store.transition(job.id(), "node-a", PENDING, DISPATCHING, "held " + held);
            job = store.postpone(job.id(), "node-a", DISPATCHING, "circuit breaker for lung-nodules is open");
            assertEquals(PENDING, job.state(), "held " + held);
            assertEquals(1, job.attempts(), "a held-back call is not an attempt");
            assertNull(job.leaseOwner());
            Duration wait = Duration.between(now, job.nextAttemptAt());
            assertFalse(wait.isNegative(), wait.toString());
            assertTrue(wait.compareTo(BACKOFF.ceiling(2)) <= 0, wait + " beyond " + BACKOFF.ceiling(2));
        }
        assertEquals("circuit breaker for lung-nodules is open", job.lastError());
        List<JobEvent> events = store.events(job.id());
        assertTrue(events.get(events.size() - 1).detail().contains("not counted as an attempt"),
                events.get(events.size() - 1).detail());
        // the vendor is back: the attempts left are still there
        now = clock.advance(Duration.ofHours(1));
        assertEquals(List.of(job.id()), ids(store.claim("node-a", LEASE, 1, now)));
        store.transition(job.id(), "node-a", PENDING, DISPATCHING, "attempt 2");
        assertEquals(PENDING, store.fail(job.id(), "node-a", DISPATCHING, "timeout").state());
    }

    @Test
    void aDiscardedDeadLetterIsFinalKeepsItsReasonAndIsNeverClaimedOrReplayed() {
        Job job = store.create(newJob("lung-nodules"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            store.claim("node-a", LEASE, 1, clock.advance(Duration.ofHours(1)));
            store.transition(job.id(), "node-a", PENDING, DISPATCHING, "attempt " + attempt);
            job = store.fail(job.id(), "node-a", DISPATCHING, "vendor down");
        }
        Job discarded = store.discard(job.id(), "token alice", "product withdrawn");
        assertEquals(JobState.DISCARDED, discarded.state());
        assertTrue(discarded.state().isFinal());
        assertEquals(List.of(discarded), store.find(JobState.DISCARDED, 10));
        assertEquals(1L, store.countsByState().get(JobState.DISCARDED));
        JobEvent last = store.events(job.id()).get(store.events(job.id()).size() - 1);
        assertEquals(DEAD_LETTER, last.from());
        assertEquals(JobState.DISCARDED, last.to());
        assertEquals("discarded by token alice: product withdrawn", last.detail());
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(Duration.ofHours(1))).isEmpty());
        String id = job.id();
        assertThrows(IllegalTransitionException.class, () -> store.retry(id, "admin"));
        assertThrows(IllegalTransitionException.class, () -> store.discard(id, "token alice", "twice"));
        Job pending = store.create(newJob("emphysema"));
        assertThrows(IllegalTransitionException.class, () -> store.discard(pending.id(), "token alice", "not dead"));
        assertEquals(PENDING, store.get(pending.id()).orElseThrow().state());
    }

    @Test
    void retryReplaysADeadLetterJobFromScratch() {
        Job job = store.create(newJob("lung-nodules"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            store.claim("node-a", LEASE, 1, clock.advance(Duration.ofHours(1)));
            store.transition(job.id(), "node-a", PENDING, DISPATCHING, "attempt " + attempt);
            job = store.fail(job.id(), "node-a", DISPATCHING, "vendor down");
        }
        Instant replayedAt = clock.advance(Duration.ofMinutes(5));
        Job replayed = store.retry(job.id(), "admin");
        assertEquals(PENDING, replayed.state());
        assertEquals(0, replayed.attempts());
        assertEquals(replayedAt, replayed.nextAttemptAt());
        JobEvent last = store.events(job.id()).get(store.events(job.id()).size() - 1);
        assertEquals(DEAD_LETTER, last.from());
        assertEquals(PENDING, last.to());
        assertEquals("admin", last.node());
        assertEquals(List.of(job.id()), ids(store.claim("node-b", LEASE, 10, replayedAt)));
    }

    @Test
    void retryRefusesJobsThatAreNotFailed() {
        Job pending = store.create(newJob("lung-nodules"));
        assertThrows(IllegalTransitionException.class, () -> store.retry(pending.id()));
        Job done = dispatching("node-a");
        store.transition(done.id(), "node-a", DISPATCHING, DONE, "acknowledged");
        assertThrows(IllegalTransitionException.class, () -> store.retry(done.id()));
        assertThrows(UnknownJobException.class, () -> store.retry("no-such-job"));
    }

    @Test
    void expiredLeaseCountsAsAFailedAttemptRetriedAfterBackoffAndTheOldOwnerIsFencedOff() {
        Job job = dispatching("node-a");
        JdbcJobStore nodeB = newNode();
        assertTrue(nodeB.claim("node-b", LEASE, 10, clock.advance(Duration.ofSeconds(29))).isEmpty(),
                "the lease still runs");
        Instant expiredAt = clock.advance(Duration.ofSeconds(2));
        assertTrue(nodeB.claim("node-b", LEASE, 10, expiredAt).isEmpty(),
                "a job whose node died working on it waits for its backoff like any failed attempt");
        Job failed = store.get(job.id()).orElseThrow();
        assertEquals(PENDING, failed.state());
        assertEquals(1, failed.attempts(), "the take-over counts as an attempt");
        assertEquals("lease of node node-a expired while DISPATCHING", failed.lastError());
        assertNull(failed.leaseOwner());
        assertTrue(failed.nextAttemptAt().isAfter(expiredAt.minusMillis(1))
                && !failed.nextAttemptAt().isAfter(expiredAt.plus(BACKOFF.ceiling(1))), failed.toString());
        assertEquals(List.of("->PENDING", "PENDING>PENDING", "PENDING>DISPATCHING", "DISPATCHING>FAILED",
                "FAILED>PENDING"), transitions(job.id()));
        JobEvent expiry = store.events(job.id()).get(3);
        assertEquals("lease of node node-a expired while DISPATCHING", expiry.detail());
        assertEquals("node-b", expiry.node(), "the node that noticed records it");

        assertThrows(LeaseLostException.class, () -> store.renew(job.id(), "node-a", LEASE));
        assertThrows(LeaseLostException.class,
                () -> store.transition(job.id(), "node-a", DISPATCHING, DONE, "late acknowledgement"));
        assertThrows(LeaseLostException.class, () -> store.fail(job.id(), "node-a", DISPATCHING, "late error"));

        List<Job> retried = nodeB.claim("node-b", LEASE, 10, clock.advance(BACKOFF.ceiling(1)));
        assertEquals(List.of(job.id()), ids(retried), "claimed again once its backoff is over");
        assertEquals("node-b", retried.get(0).leaseOwner());
        nodeB.transition(job.id(), "node-b", PENDING, DISPATCHING, "sending 2 series");
        assertEquals(DONE, nodeB.transition(job.id(), "node-b", DISPATCHING, DONE, "acknowledged").state());
    }

    @Test
    void jobThatKillsEveryNodeRunningItIsDeadLetteredAfterItsAttempts() {
        Job job = dispatching("node-0");
        for (int node = 1; node <= 3; node++) {
            // the node working on it dies: its lease runs out, the next node notices and counts the attempt
            clock.advance(LEASE.plusSeconds(1));
            assertTrue(store.claim("node-" + node, LEASE, 10, clock.instant()).isEmpty());
            Job after = store.get(job.id()).orElseThrow();
            assertEquals(node, after.attempts());
            if (node < 3) {
                assertEquals(PENDING, after.state());
                List<Job> again = store.claim("node-" + node, LEASE, 10, clock.advance(BACKOFF.ceiling(node)));
                assertEquals(List.of(job.id()), ids(again), "retried after the backoff of attempt " + node);
                store.transition(job.id(), "node-" + node, PENDING, DISPATCHING, "sending 2 series");
            }
        }
        Job dead = store.get(job.id()).orElseThrow();
        assertEquals(DEAD_LETTER, dead.state(), "a poison job stops after its 3 attempts");
        assertNull(dead.leaseOwner());
        assertEquals("lease of node node-2 expired while DISPATCHING", dead.lastError());
        List<JobEvent> events = store.events(job.id());
        JobEvent last = events.get(events.size() - 1);
        assertEquals(DEAD_LETTER, last.to());
        assertEquals("all 3 attempts failed", last.detail());
        assertEquals(3, events.stream().filter(e -> e.to() == FAILED).count());
        assertTrue(store.claim("node-4", LEASE, 10, clock.advance(Duration.ofHours(1))).isEmpty(),
                "a dead-lettered job is never claimed again");
    }

    @Test
    void expiredLeaseOfAJobInALeasedStateCountsAsAnAttempt() {
        Job job = dispatching("node-a");
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(LEASE.plusSeconds(1))).isEmpty());
        Job failed = store.get(job.id()).orElseThrow();
        assertEquals(1, failed.attempts());
        assertEquals("lease of node node-a expired while DISPATCHING", failed.lastError());
    }

    @Test
    void renewExtendsTheLeaseOnlyForItsOwner() {
        Job job = dispatching("node-a");
        assertThrows(LeaseLostException.class, () -> store.renew(job.id(), "node-b", LEASE));
        Instant now = clock.advance(Duration.ofSeconds(25));
        Job renewed = store.renew(job.id(), "node-a", LEASE);
        assertEquals(now.plus(LEASE), renewed.leaseExpiresAt());
        assertTrue(store.claim("node-b", LEASE, 10, clock.advance(Duration.ofSeconds(20))).isEmpty(),
                "the renewed lease keeps other nodes off");
        assertThrows(UnknownJobException.class, () -> store.renew("no-such-job", "node-a", LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.renew(job.id(), "node-a", Duration.ZERO));
    }

    @Test
    void transitionFromAStateTheJobHasLeftIsLeaseLost() {
        Job job = dispatching("node-a");
        assertThrows(LeaseLostException.class,
                () -> store.transition(job.id(), "node-a", PENDING, DISPATCHING, "twice"));
        assertThrows(LeaseLostException.class,
                () -> store.transition(job.id(), "node-b", DISPATCHING, DONE, "not mine"));
        assertEquals(DISPATCHING, store.get(job.id()).orElseThrow().state());
    }

    @Test
    void releasedJobIsClaimableAtOnce() {
        Job job = dispatching("node-a");
        assertThrows(LeaseLostException.class, () -> store.release(job.id(), "node-b"));
        store.release(job.id(), "node-a");
        assertEquals(List.of(job.id()), ids(store.claim("node-b", LEASE, 10, clock.instant())));
    }

    @Test
    void queriesCountAndAgeTheQueue() {
        Job first = store.create(newJob("lung-nodules"));
        clock.advance(Duration.ofSeconds(40));
        store.create(newJob("lung-embolism"));
        store.create(new NewJob("1.2.3.4.5", "fractures", "xr", RouteMode.SHADOW, 1, List.of("1.2.3.4.5.1")));
        Instant now = clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(60), store.oldestDuePendingAge(now));
        Map<JobState, Long> counts = store.countsByState();
        assertEquals(JobState.values().length, counts.size());
        assertEquals(3L, counts.get(PENDING));
        assertEquals(0L, counts.get(DONE));
        assertEquals(2, store.find(PENDING, 2).size());
        assertEquals(first.id(), store.find(PENDING, 2).get(0).id(), "oldest first");
        assertEquals(2, store.forStudy(STUDY).size());
        assertTrue(store.get("no-such-job").isEmpty());

        assertEquals(List.of(first.id()), ids(store.claim("node-a", LEASE, 1, now)));
        assertEquals(Duration.ofSeconds(20), store.oldestDuePendingAge(now), "a claimed job is no longer waiting");
        store.claim("node-a", LEASE, 10, now);
        assertEquals(Duration.ZERO, store.oldestDuePendingAge(now));
    }

    @Test
    void concurrentClaimsFromTwoNodesNeverShareAJob() throws Exception {
        int jobCount = 160;
        for (int i = 0; i < jobCount; i++) {
            store.create(new NewJob("1.2.3." + i, "lung-nodules", "ct-thorax", RouteMode.CLINICAL, 1,
                    List.of("1.2.3." + i + ".1")));
        }
        List<JdbcJobStore> nodes = List.of(store, newNode());
        Instant now = clock.instant();
        Map<String, List<String>> first = claimRace(nodes, now, jobCount);
        assertEachClaimedOnce(first, jobCount);
        assertTrue(nodes.get(1).claim("node-1", LEASE, 10, now).isEmpty(), "a leased job claimed again");

        // every lease runs out at once: the two nodes race for the take-overs just as hard
        Map<String, List<String>> second = claimRace(nodes, clock.advance(LEASE.plusSeconds(1)), jobCount);
        assertEachClaimedOnce(second, jobCount);
        for (Map.Entry<String, List<String>> claim : second.entrySet()) {
            assertEquals(claim.getValue().get(0), store.get(claim.getKey()).orElseThrow().leaseOwner());
        }
    }

    /**
     * Three threads per node claim in batches of two until every job has been claimed (or a deadline
     * passes); returns job id → the nodes that were given it.
     */
    private Map<String, List<String>> claimRace(List<JdbcJobStore> nodes, Instant now, int jobCount)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, List<String>> claims = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(3 * nodes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                JdbcJobStore node = nodes.get(n);
                String nodeId = "node-" + n;
                for (int t = 0; t < 3; t++) {
                    workers.add(threads.submit(() -> {
                        // a first query opens the pool's connections, so no node starts the race late
                        node.countsByState();
                        start.await();
                        while (claims.size() < jobCount && System.nanoTime() < deadline) {
                            for (Job job : node.claim(nodeId, LEASE, 2, now)) {
                                claims.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(nodeId);
                            }
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return claims;
    }

    private static void assertEachClaimedOnce(Map<String, List<String>> claims, int jobCount) {
        Map<String, List<String>> twice = claims.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(twice.isEmpty(), twice.size() + " jobs claimed more than once, e.g. "
                + twice.entrySet().stream().limit(3).toList());
        assertEquals(jobCount, claims.size(), "every due job is claimed");
        Set<String> nodes = claims.values().stream().map(l -> l.get(0)).collect(Collectors.toSet());
        assertEquals(2, nodes.size(), "both nodes got work: " + nodes);
    }
}
