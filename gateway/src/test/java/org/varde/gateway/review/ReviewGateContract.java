package org.varde.gateway.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.HumanReview;
import org.varde.gateway.access.Caller;
import org.varde.gateway.access.Role;
import org.varde.gateway.routing.ReviewPolicy;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/** The review gate's promises on each database the gateway runs on: one outcome per result, handed on once. */
abstract class ReviewGateContract {
    private static final ReviewPolicy HOLD = new ReviewPolicy(true, Duration.ofMinutes(30), ReviewPolicy.OnTimeout.HOLD,
            "Varde University Hospital");
    private static final ReviewPolicy RELEASE = new ReviewPolicy(true, Duration.ofMinutes(30),
            ReviewPolicy.OnTimeout.RELEASE, "Varde University Hospital");

    /** What the gate handed on, in order. */
    static final class RecordingOutlet implements ReviewOutlet {
        final List<String> calls = new ArrayList<>();
        final List<HumanReview> humans = new ArrayList<>();
        final List<Optional<Review.PriorityChoice>> priorities = new ArrayList<>();
        boolean failNext;

        @Override
        public void deliver(Review review, HumanReview human, Optional<Review.PriorityChoice> priority) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("the delivery store is away");
            }
            calls.add("deliver " + review.resultId());
            humans.add(human);
            priorities.add(priority);
        }

        @Override
        public void reject(Review review) {
            calls.add("reject " + review.resultId());
        }
    }

    private static final Caller BERG = new Caller("Berg^Ingrid", Role.REVIEWER, Caller.Source.TOKEN);
    private static final Caller OTHER = new Caller("Other^Doc", Role.REVIEWER, Caller.Source.OIDC);

    private Pools pools;
    private Vertx vertx;
    private MutableClock clock;
    private ReviewGate gate;
    private ReviewGate otherNode;
    private RecordingOutlet outlet;
    private SimpleMeterRegistry registry;

    protected abstract TestDatabase database();

    @BeforeEach
    void open() {
        pools = new Pools("review-gate");
        TestDatabase db = database();
        DataSource a = pools.open(db);
        DataSource b = pools.open(db);
        vertx = Vertx.vertx();
        clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        registry = new SimpleMeterRegistry();
        gate = new ReviewGate(vertx, new ReviewStore(a), new ReviewMetrics(registry), clock);
        otherNode = new ReviewGate(vertx, new ReviewStore(b), new ReviewMetrics(new SimpleMeterRegistry()), clock);
        outlet = new RecordingOutlet();
        gate.outlet(outlet);
        otherNode.outlet(outlet);
    }

    @AfterEach
    void close() {
        vertx.close();
        pools.close();
    }

    private Review hold(String result, ReviewPolicy policy) {
        return gate.hold(new ReviewStore.Hold(result, "job-" + result, "1.2.3." + result.length(), "lung-nodule",
                "ct-thorax", policy));
    }

    @Test
    void aResultIsHeldOnceAndNothingIsHandedOnUntilAReviewerDecides() {
        Review first = hold("r1", HOLD);
        assertEquals(first.id(), hold("r1", HOLD).id());
        assertEquals(ReviewState.PENDING, first.state());
        gate.sweep();
        assertEquals(List.of(), outlet.calls);
        assertEquals(1.0, registry.get("varde_reviews_waiting").gauge().value());
    }

    @Test
    void anApprovalIsHandedOnOnceWithTheReviewerTheOrganisationAndTheirPriority() {
        Review r = hold("r2", HOLD);
        clock.advance(Duration.ofMinutes(4));
        Review approved = gate.decide(r.id(), ReviewGate.Decision.APPROVE, BERG, null,
                Optional.of(new Review.PriorityChoice(Optional.of(WorklistPriority.STAT))));
        assertEquals(ReviewState.APPROVED, approved.state());
        assertNotNull(approved.handedOverAt());
        assertEquals(List.of("deliver r2"), outlet.calls);
        HumanReview human = outlet.humans.get(0);
        assertTrue(human.approved());
        assertEquals("Berg^Ingrid", human.reviewer());
        assertEquals("Varde University Hospital", human.organisation());
        assertEquals(Instant.parse("2026-12-01T08:04:00Z"), human.at());
        assertEquals(Optional.of(WorklistPriority.STAT), outlet.priorities.get(0).orElseThrow().priority());
        gate.sweep();
        assertEquals(1, outlet.calls.size(), "handed on once: " + outlet.calls);
        // a second reviewer is told it is decided
        ReviewConflictException late = assertThrows(ReviewConflictException.class, () -> otherNode.decide(r.id(),
                ReviewGate.Decision.REJECT, OTHER, "disagree", Optional.empty()));
        assertTrue(late.getMessage().contains("APPROVED"), late.getMessage());
        // and an approval handed on cannot be undone
        assertThrows(ReviewConflictException.class, () -> gate.decide(r.id(), ReviewGate.Decision.UNDO, BERG,
                null, Optional.empty()));
        assertEquals(1.0, registry.get("varde_review_decisions_total").tag("decision", "approved").counter().count());
    }

    @Test
    void aRejectionNeedsAReasonAndDeliversNothing() {
        Review r = hold("r3", HOLD);
        assertThrows(IllegalArgumentException.class, () -> gate.decide(r.id(), ReviewGate.Decision.REJECT, BERG,
                " ", Optional.empty()));
        assertEquals(ReviewState.PENDING, gate.store().find(r.id()).orElseThrow().state());
        Review rejected = gate.decide(r.id(), ReviewGate.Decision.REJECT, BERG, "nodule is a vessel",
                Optional.empty());
        assertEquals(ReviewState.REJECTED, rejected.state());
        assertEquals("nodule is a vessel", rejected.reason());
        assertEquals(List.of("reject r3"), outlet.calls);
        List<ReviewStore.Event> events = gate.store().events(r.id());
        assertEquals(ReviewState.REJECTED, events.get(1).to());
        assertEquals("Berg^Ingrid", events.get(1).actor());
        assertTrue(events.get(1).detail().contains("nodule is a vessel"), events.toString());
    }

    @Test
    void onlyTheSameReviewerUndoesADeferral() {
        Review r = hold("r4", HOLD);
        gate.decide(r.id(), ReviewGate.Decision.DEFER, BERG, "need the prior", Optional.empty());
        assertEquals(ReviewState.DEFERRED, gate.store().find(r.id()).orElseThrow().state());
        ReviewConflictException other = assertThrows(ReviewConflictException.class, () -> gate.decide(r.id(),
                ReviewGate.Decision.UNDO, OTHER, null, Optional.empty()));
        assertTrue(other.getMessage().contains("only Berg^Ingrid"), other.getMessage());
        Review undone = gate.decide(r.id(), ReviewGate.Decision.UNDO, BERG, null, Optional.empty());
        assertEquals(ReviewState.PENDING, undone.state());
        assertEquals(null, undone.reviewer());
        // a deferred result is still waiting: someone else may now approve it
        gate.decide(r.id(), ReviewGate.Decision.APPROVE, OTHER, null, Optional.empty());
        assertEquals(List.of("deliver r4"), outlet.calls);
        assertEquals(Optional.empty(), outlet.priorities.get(0), "no choice: the policy's priority");
    }

    @Test
    void aResultPastItsAlertTimeRaisesOneAlertAndIsHeldWhenTheRouteHolds() {
        Review r = hold("r5", HOLD);
        clock.advance(Duration.ofMinutes(29));
        gate.sweep();
        assertEquals(0.0, registry.get("varde_reviews_overdue").gauge().value());
        clock.advance(Duration.ofMinutes(2));
        gate.sweep();
        gate.sweep();
        assertEquals(1.0, registry.get("varde_reviews_overdue").gauge().value());
        assertEquals(1.0, registry.get("varde_review_alerts_total").counter().count());
        Review after = gate.store().find(r.id()).orElseThrow();
        assertEquals(ReviewState.PENDING, after.state());
        assertEquals(Instant.parse("2026-12-01T08:31:00Z"), after.alertedAt());
        assertEquals(List.of(), outlet.calls, "never released unless the route says so");
    }

    @Test
    void aRouteThatReleasesOnTimeoutDeliversItUnreviewedAndSaysSo() {
        Review r = hold("r6", RELEASE);
        clock.advance(Duration.ofMinutes(31));
        gate.sweep();
        assertEquals(ReviewState.RELEASED, gate.store().find(r.id()).orElseThrow().state());
        assertEquals(List.of("deliver r6"), outlet.calls);
        HumanReview human = outlet.humans.get(0);
        assertEquals(HumanReview.Kind.RELEASED_ON_TIMEOUT, human.kind());
        assertEquals(Duration.ofMinutes(31), human.waited());
        assertTrue(gate.store().events(r.id()).stream().anyMatch(e -> e.detail().contains("released without review")));
        // a reviewer arriving afterwards is told
        assertThrows(ReviewConflictException.class, () -> gate.decide(r.id(), ReviewGate.Decision.APPROVE, BERG,
                null, Optional.empty()));
    }

    @Test
    void aDecisionWhoseHandOverFailedIsHandedOnByTheNextSweep() {
        Review r = hold("r7", HOLD);
        outlet.failNext = true;
        Review approved = gate.decide(r.id(), ReviewGate.Decision.APPROVE, BERG, null, Optional.empty());
        assertEquals(ReviewState.APPROVED, approved.state());
        assertEquals(null, approved.handedOverAt());
        assertEquals(List.of(), outlet.calls);
        otherNode.sweep();
        assertEquals(List.of("deliver r7"), outlet.calls);
        assertNotNull(gate.store().find(r.id()).orElseThrow().handedOverAt());
    }

    @Test
    void pendingReviewsAreListedOldestFirst() {
        hold("ra", HOLD);
        clock.advance(Duration.ofSeconds(1));
        Review b = hold("rb", HOLD);
        clock.advance(Duration.ofSeconds(1));
        Review c = hold("rc", HOLD);
        gate.decide(b.id(), ReviewGate.Decision.APPROVE, BERG, null, Optional.empty());
        List<Review> pending = gate.store().list(EnumSet.of(ReviewState.PENDING), 10);
        assertEquals(List.of("ra", "rc"), pending.stream().map(Review::resultId).toList());
        assertFalse(pending.stream().anyMatch(x -> x.id().equals(b.id())));
        assertEquals(c.id(), pending.get(1).id());
    }
}
