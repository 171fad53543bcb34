package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.Results;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.priority.PriorityPolicy;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * A lane's order and overlap, with a sink that records what it is asked: a one-at-a-time lane (HL7)
 * sends in the order its deliveries were due and never two at once, while it builds the next one
 * ahead; what was sent is kept with the outcome; a failed send still backs off.
 */
class SinkLaneTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private Vertx vertx;
    private Pools pools;
    private DataSource dataSource;
    private MutableClock clock;
    private DeliveryStage stage;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        pools = new Pools("sink-lane");
        dataSource = pools.open(TestDatabase.h2("sink-lane"));
        clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        DeliveryStore store = new DeliveryStore(dataSource, new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                clock);
        ResultSource source = (id, version) -> Optional.of(new ResultSource.Deliverable(Results.nodule(10, 0.9),
                DeliveryStageTest.context(), Instant.parse("2026-12-01T07:59:00Z")));
        stage = new DeliveryStage(vertx, store, Map.of("ris-hl7", sink), Map.of("ris-hl7", 1), source,
                new DeliveryMetrics(new SimpleMeterRegistry()), "node-a", LEASE, 3, clock);
    }

    @AfterEach
    void tearDown() {
        stage.close();
        pools.close();
        vertx.close().await();
    }

    /** Due one after the other (the clock moves a millisecond between them), before the lane starts. */
    private List<Delivery> due(int count) {
        List<Delivery> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            created.addAll(stage.accept(new DeliveryStage.ReadyResult("r" + i, 1, "job-r" + i, "1.2.3." + i, "lung",
                    Results.nodule(10, 0.9), DeliveryMode.CLINICAL, List.of("ris-hl7"), PriorityPolicy.VENDOR,
                    Optional.empty())));
            clock.advance(Duration.ofMillis(1));
        }
        return created;
    }

    private boolean allIn(List<Delivery> deliveries, DeliveryState state) {
        return deliveries.stream().allMatch(d -> stage.store().get(d.id()).orElseThrow().state() == state);
    }

    @Test
    void aOneAtATimeLaneSendsInTheOrderTheDeliveriesWereDueNeverTwoAtOnceAndBuildsTheNextAhead() throws Exception {
        // the first send waits until the second delivery is built: the lane must build it while r1 is on the wire
        // (told before the deliveries exist: creating them wakes the lane, started or not)
        sink.holdFirstSendUntilBuilt("r2");
        List<Delivery> deliveries = due(6);
        stage.start(Duration.ofMinutes(1));

        assertTrue(Poll.until(WAIT, () -> allIn(deliveries, DeliveryState.DELIVERED)),
                () -> "sent " + sink.sent + ", built " + sink.built);
        assertTrue(sink.nextBuiltWhileFirstWasSending, "r2 was built while r1 waited for its acknowledgement");
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6"), sink.sent, "the RIS gets them in the order they were due");
        assertEquals(1, sink.mostAtOnce.get(), "one message on the wire at a time");
        for (Delivery d : deliveries) {
            assertEquals(Optional.of("ORU for " + d.resultId()), stage.store().preparedText(d.id()),
                    "what was sent is kept with the outcome");
        }
    }

    @Test
    void aFailedSendIsRecordedWithWhatWasTriedAndWaitsForItsBackoffWhileTheNextGoesOut() {
        sink.nakOnce("r1");
        List<Delivery> deliveries = due(2);
        stage.start(Duration.ofMillis(50));

        assertTrue(Poll.until(WAIT, () -> allIn(deliveries.subList(1, 2), DeliveryState.DELIVERED)), () -> "sent " + sink.sent);
        Delivery failed = stage.store().get(deliveries.get(0).id()).orElseThrow();
        assertEquals(DeliveryState.PENDING, failed.state(), "back to PENDING for a retry");
        assertEquals(1, failed.attempts());
        assertEquals(Optional.of("ORU for r1"), stage.store().preparedText(failed.id()));
        assertTrue(failed.nextAttemptAt().isAfter(clock.instant()), "its retry waits for the backoff");
        assertEquals(List.of("r1", "r2"), sink.sent, "r1 not resent before its backoff ends");
        clock.advance(Duration.ofSeconds(31));
        assertTrue(Poll.until(WAIT, () -> allIn(deliveries, DeliveryState.DELIVERED)), () -> "sent " + sink.sent);
        assertEquals(List.of("r1", "r2", "r1"), sink.sent);
        assertEquals(2, stage.store().get(failed.id()).orElseThrow().attempts());
    }

    /** An HL7-like sink: builds "ORU for <result>", answers AA, or AE once where told. */
    private static final class RecordingSink implements ResultSink {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        final List<String> built = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger onTheWire = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final Set<String> nak = ConcurrentHashMap.newKeySet();
        private volatile String awaitBuilt;
        private final CountDownLatch builtAhead = new CountDownLatch(1);
        volatile boolean nextBuiltWhileFirstWasSending;

        void holdFirstSendUntilBuilt(String result) {
            this.awaitBuilt = result;
        }

        void nakOnce(String result) {
            nak.add(result);
        }

        @Override
        public PreparedDelivery prepare(DeliveryContent content) {
            String result = content.key().resultId();
            built.add(result);
            if (result.equals(awaitBuilt)) {
                builtAhead.countDown();
            }
            return new PreparedDelivery("x-application/hl7-v2+er7", "ORU for " + result, result);
        }

        @Override
        public String send(PreparedDelivery prepared) throws SinkFailure {
            String result = (String) prepared.message();
            int now = onTheWire.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (awaitBuilt != null && sent.isEmpty()) {
                    try {
                        // a condition to wait for, bounded: if the lane does not build ahead, it never comes
                        nextBuiltWhileFirstWasSending = builtAhead.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                sent.add(result);
                if (nak.remove(result)) {
                    throw new SinkFailure(SinkFailure.Kind.REFUSED_TRANSIENT, "AE: try again");
                }
                return "AA for " + result;
            } finally {
                onTheWire.decrementAndGet();
            }
        }
    }
}
