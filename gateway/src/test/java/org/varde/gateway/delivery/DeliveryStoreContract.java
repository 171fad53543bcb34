package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

/** The delivery store's promises, on each database the gateway runs on. */
abstract class DeliveryStoreContract {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private Pools pools;
    private MutableClock clock;
    private DeliveryStore store;
    private DeliveryStore otherNode;

    protected abstract TestDatabase database();

    @BeforeEach
    void open() {
        pools = new Pools("delivery-store");
        TestDatabase db = database();
        DataSource a = pools.open(db);
        DataSource b = pools.open(db);
        clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10));
        store = new DeliveryStore(a, backoff, clock);
        otherNode = new DeliveryStore(b, backoff, clock);
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private Delivery create(String result, String sink) {
        return store.create(new NewDelivery(result, 1, "job-" + result, "1.2.3", "alg", sink, DeliveryMode.CLINICAL,
                Optional.of(WorklistPriority.URGENT), 3));
    }

    @Test
    void aDeliveryIsCreatedOncePerResultVersionAndSink() {
        Delivery first = create("r1", "pacs");
        assertEquals(first.id(), create("r1", "pacs").id());
        assertEquals(2, List.of(first, create("r1", "fhir")).stream().map(Delivery::id).distinct().count());
        assertEquals(Optional.of(WorklistPriority.URGENT), store.get(first.id()).orElseThrow().priority());
    }

    @Test
    void aClaimTakesOnlyItsSinksDueRowsAndNeverTwice() {
        create("r1", "pacs");
        create("r1", "fhir");
        List<Delivery> pacs = store.claim("pacs", "a", LEASE, 10, clock.instant());
        assertEquals(1, pacs.size());
        assertEquals("pacs", pacs.get(0).sink());
        assertEquals(DeliveryState.SENDING, pacs.get(0).state());
        assertTrue(otherNode.claim("pacs", "b", LEASE, 10, clock.instant()).isEmpty());
        assertEquals(1, otherNode.claim("fhir", "b", LEASE, 10, clock.instant()).size());
    }

    @Test
    void aRetryableFailureWaitsForItsBackoffAndTheLastAttemptDeadLetters() {
        Delivery d = create("r1", "pacs");
        store.claim("pacs", "a", LEASE, 1, clock.instant());
        Delivery failed = store.failed(d.id(), "a", "PACS answered A700", true);
        assertEquals(DeliveryState.PENDING, failed.state());
        assertEquals(1, failed.attempts());
        assertTrue(store.claim("pacs", "a", LEASE, 1, clock.instant().minusMillis(1)).isEmpty(), "not before the backoff");
        clock.advance(Duration.ofSeconds(11));
        store.claim("pacs", "a", LEASE, 1, clock.instant());
        store.failed(d.id(), "a", "again", true);
        clock.advance(Duration.ofSeconds(11));
        store.claim("pacs", "a", LEASE, 1, clock.instant());
        Delivery dead = store.failed(d.id(), "a", "third time", true);
        assertEquals(DeliveryState.DEAD_LETTER, dead.state());
        assertEquals(3, dead.attempts());
        assertEquals("third time", dead.lastError());
        assertEquals(clock.instant(), dead.finishedAt());
    }

    @Test
    void aFailureNoRetryCanCureDeadLettersAtOnceAndAReplayMakesItDue() {
        Delivery d = create("r1", "fhir");
        store.claim("fhir", "a", LEASE, 1, clock.instant());
        assertEquals(DeliveryState.DEAD_LETTER, store.failed(d.id(), "a", "HTTP 422", false).state());
        Delivery replayed = store.retry(d.id(), "admin bob").orElseThrow();
        assertEquals(DeliveryState.PENDING, replayed.state());
        assertEquals(0, replayed.attempts());
        assertEquals(1, store.claim("fhir", "a", LEASE, 1, clock.instant()).size());
        assertTrue(store.events(d.id()).stream().anyMatch(e -> e.detail().contains("replayed by admin bob")));
    }

    @Test
    void aDeadNodesDeliveryIsTakenOverWhenItsLeaseRunsOutAndTheDeadNodeCannotFinishIt() {
        Delivery d = create("r1", "hl7");
        store.claim("hl7", "a", LEASE, 1, clock.instant());
        assertTrue(otherNode.claim("hl7", "b", LEASE, 1, clock.instant()).isEmpty());
        clock.advance(LEASE.plusSeconds(1));
        assertEquals(1, otherNode.claim("hl7", "b", LEASE, 1, clock.instant()).size());
        assertThrows(IllegalStateException.class, () -> store.delivered(d.id(), "a", "late"));
        Delivery done = otherNode.delivered(d.id(), "b", "AA for X1");
        assertEquals(DeliveryState.DELIVERED, done.state());
        assertTrue(done.state().isFinished());
    }

    @Test
    void aResultsDeliveriesAreCreatedTogetherOnceAndFoundAgainOnARepeat() {
        Delivery pacsFirst = create("r1", "pacs");
        List<NewDelivery> all = List.of("pacs", "fhir", "hl7").stream().map(sink -> new NewDelivery("r1", 1, "job-r1",
                "1.2.3", "alg", sink, DeliveryMode.CLINICAL, Optional.of(WorklistPriority.URGENT), 3)).toList();
        List<Delivery> created = store.create(all);
        assertEquals(List.of("pacs", "fhir", "hl7"), created.stream().map(Delivery::sink).toList());
        assertEquals(pacsFirst.id(), created.get(0).id(), "the one that existed is returned, not doubled");
        assertEquals(created, otherNode.create(all), "a second hand-over finds the same rows");
        assertEquals(3, store.forResult("r1").size());
        assertTrue(created.stream().allMatch(d -> d.state() == DeliveryState.PENDING
                && store.events(d.id()).size() == 1), "each with its one creation event");
    }

    @Test
    void aClaimedRowIsWhatTheDatabaseHolds() {
        Delivery d = create("r1", "hl7");
        Delivery claimed = store.claim("hl7", "a", LEASE, 1, clock.instant()).get(0);
        assertEquals(store.get(d.id()).orElseThrow(), claimed, "the claim's answer is built without reading back");
        assertEquals("a", claimed.leaseOwner());
        assertEquals(DeliveryState.SENDING, claimed.state());
    }

    @Test
    void theOutcomeKeepsWhatWasSentInTheSameWriteAndOnlyForTheLeaseHolder() {
        Delivery d = create("r1", "hl7");
        Delivery e = create("r2", "hl7");
        store.claim("hl7", "a", LEASE, 2, clock.instant());
        PreparedDelivery oru = new PreparedDelivery("x-application/hl7-v2+er7", "MSH|^~\\&|VARDE|r1", new Object());
        assertEquals(DeliveryState.DELIVERED, store.delivered(d.id(), "a", "AA for 1", oru).state());
        assertEquals(Optional.of(oru.text()), store.preparedText(d.id()));
        assertEquals("x-application/hl7-v2+er7", store.get(d.id()).orElseThrow().preparedMediaType());
        PreparedDelivery tried = new PreparedDelivery("x-application/hl7-v2+er7", "MSH|^~\\&|VARDE|r2", new Object());
        Delivery failed = store.failed(e.id(), "a", "AE: unknown patient", true, tried);
        assertEquals(DeliveryState.PENDING, failed.state());
        assertEquals(Optional.of(tried.text()), store.preparedText(e.id()), "what was tried is kept with the failure");
        clock.advance(Duration.ofSeconds(11));
        otherNode.claim("hl7", "b", LEASE, 1, clock.instant());
        PreparedDelivery late = new PreparedDelivery("text/plain", "not ours", new Object());
        assertThrows(IllegalStateException.class, () -> store.delivered(e.id(), "a", "late", late));
        assertEquals(Optional.of(tried.text()), store.preparedText(e.id()), "a node that lost the lease writes nothing");
    }

    @Test
    void aRenewedLeaseIsNotTakenOverUntilItRunsOutAndOnlyItsHolderCanRenewIt() {
        Delivery d = create("r1", "hl7");
        store.claim("hl7", "a", LEASE, 1, clock.instant());
        clock.advance(LEASE.dividedBy(2).plusSeconds(1));
        store.renew(d.id(), "a", LEASE);
        clock.advance(LEASE.dividedBy(2));
        assertTrue(otherNode.claim("hl7", "b", LEASE, 1, clock.instant()).isEmpty(),
                "past the first lease, within the renewed one");
        assertThrows(IllegalStateException.class, () -> otherNode.renew(d.id(), "b", LEASE));
        clock.advance(LEASE);
        assertEquals(1, otherNode.claim("hl7", "b", LEASE, 1, clock.instant()).size(), "the renewed lease still runs out");
        assertThrows(IllegalStateException.class, () -> store.renew(d.id(), "a", LEASE));
    }

    @Test
    void theHighestPriorityAskedForAStudyIsRemembered() {
        create("r1", "fhir");
        store.create(new NewDelivery("r2", 1, "job-r2", "1.2.3", "alg", "fhir", DeliveryMode.CLINICAL,
                Optional.of(WorklistPriority.STAT), 3));
        store.create(new NewDelivery("r3", 1, "job-r3", "1.2.3", "alg", "fhir", DeliveryMode.SHADOW,
                Optional.of(WorklistPriority.STAT), 3));
        assertEquals(Optional.of(WorklistPriority.STAT), store.highestAsked("1.2.3"));
        assertEquals(Optional.empty(), store.highestAsked("9.9.9"));
    }
}
