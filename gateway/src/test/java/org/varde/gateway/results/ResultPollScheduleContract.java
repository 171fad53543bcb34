package org.varde.gateway.results;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOMweb poll schedule held in {@code result_waits} ({@code next_poll_at}): what every store
 * database must do so that a restart keeps it and several nodes share it. Run on H2 and PostgreSQL
 * by the subclasses, each node a {@link ResultWaits} over a pool of its own.
 */
abstract class ResultPollScheduleContract {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final String ALGORITHM = "pe-detect";

    private final Pools pools = new Pools("poll-schedule-test");
    TestDatabase database;
    String jobId;

    abstract TestDatabase emptyDatabase() throws Exception;

    @BeforeEach
    void waitingJob() throws Exception {
        database = emptyDatabase();
        jobId = new JdbcJobStore(pools.open(database)).create(new NewJob("1.2.826.0.1.3680043.9.7433.7.1", ALGORITHM,
                "ct", RouteMode.CLINICAL, 1, List.of("1.2.3.1"), 1)).id();
        new ResultWaits(pools.open(database)).expect(jobId, ALGORITHM, "1.2.826.0.1.3680043.9.7433.7.1",
                T0.plus(Duration.ofHours(1)), T0);
    }

    @AfterEach
    void closePools() {
        pools.close();
    }

    @Test
    void aNewWaitIsDueAtOnceAndAClaimMovesItOneIntervalOn() {
        ResultWaits node = new ResultWaits(pools.open(database));
        assertEquals(List.of(jobId), jobIds(node.duePolls(Set.of(ALGORITHM), T0, 10)));
        assertEquals(List.of(), node.duePolls(Set.of("other-algorithm"), T0, 10));

        assertTrue(node.claimPoll(jobId, T0, T0.plus(INTERVAL)));
        assertFalse(node.claimPoll(jobId, T0, T0.plus(INTERVAL)), "the slot is taken");
        assertEquals(Optional.of(T0.plus(INTERVAL)), node.nextPoll(jobId));
        assertEquals(List.of(), node.duePolls(Set.of(ALGORITHM), T0.plus(INTERVAL).minusMillis(1), 10));
        assertFalse(node.claimPoll(jobId, T0.plus(INTERVAL).minusMillis(1), T0.plus(INTERVAL.multipliedBy(2))));
        assertTrue(node.claimPoll(jobId, T0.plus(INTERVAL), T0.plus(INTERVAL.multipliedBy(2))));
    }

    @Test
    void theScheduleIsTheRowsSoARestartedNodeKeepsIt() {
        HikariDataSource before = pools.open(database);
        assertTrue(new ResultWaits(before).claimPoll(jobId, T0, T0.plus(INTERVAL)));
        before.close();

        ResultWaits restarted = new ResultWaits(pools.open(database));
        assertEquals(Optional.of(T0.plus(INTERVAL)), restarted.nextPoll(jobId));
        Instant justAfterRestart = T0.plusSeconds(1);
        assertEquals(List.of(), restarted.duePolls(Set.of(ALGORITHM), justAfterRestart, 10), "not polled again early");
        assertFalse(restarted.claimPoll(jobId, justAfterRestart, justAfterRestart.plus(INTERVAL)));
        assertEquals(List.of(jobId), jobIds(restarted.duePolls(Set.of(ALGORITHM), T0.plus(INTERVAL), 10)));
    }

    @Test
    void aNewAttemptsWaitStartsItsScheduleAfresh() {
        ResultWaits node = new ResultWaits(pools.open(database));
        assertTrue(node.claimPoll(jobId, T0, T0.plus(INTERVAL)));
        node.expect(jobId, ALGORITHM, "1.2.826.0.1.3680043.9.7433.7.1", T0.plus(Duration.ofHours(2)), T0.plusSeconds(5));
        assertEquals(Optional.empty(), node.nextPoll(jobId));
        assertTrue(node.claimPoll(jobId, T0.plusSeconds(5), T0.plusSeconds(5).plus(INTERVAL)));
    }

    /** Two nodes, four threads each, racing for every slot of twenty: each slot is polled once. */
    @Test
    void twoNodesRacingForTheSameSlotPollItOnce() throws Exception {
        List<ResultWaits> nodes = List.of(new ResultWaits(pools.open(database)), new ResultWaits(pools.open(database)));
        int threads = 8;
        ExecutorService racers = Executors.newFixedThreadPool(threads);
        try {
            for (int slot = 0; slot < 20; slot++) {
                Instant now = T0.plus(INTERVAL.multipliedBy(slot));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    ResultWaits node = nodes.get(t % 2);
                    claims.add(racers.submit(() -> {
                        start.await();
                        return node.claimPoll(jobId, now, now.plus(INTERVAL));
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> claim : claims) {
                    won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, won, "claims won in slot " + slot);
            }
        } finally {
            racers.shutdownNow();
        }
    }

    private static List<String> jobIds(List<ResultWait> waits) {
        return waits.stream().map(ResultWait::jobId).toList();
    }
}
