package org.varde.gateway.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
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
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.audit.AuditOutcome;
import org.varde.gateway.audit.ReviewAudit;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.routing.ReviewPolicy;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.Jdbc;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Pools;
import org.varde.gateway.testing.TestDatabase;
import org.varde.gateway.value.Filter;
import org.varde.gateway.value.RejectionFeedback;
import org.varde.gateway.value.ValueFigures;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What the review gate leaves in the record (issue 12), on H2 with the real feedback table, value
 * figures and hash-chained audit log: a rejection is the reviewer's disagreement in the value figures
 * and an undo takes it back; every decision (approve, reject, defer, undo, release on timeout, and a
 * refused one) is one audit event naming who, which study, the outcome and why; the chain verifies.
 */
class ReviewAccountabilityTest {
    private static final Caller BERG = new Caller("dr.berg", Role.REVIEWER, Caller.Source.TOKEN);
    private static final Caller HANSEN = new Caller("j.hansen", Role.REVIEWER, Caller.Source.OIDC);
    private static final ReviewPolicy HOLD = new ReviewPolicy(true, Duration.ofMinutes(30), ReviewPolicy.OnTimeout.HOLD,
            "Varde University Hospital");
    private static final ReviewPolicy RELEASE = new ReviewPolicy(true, Duration.ofMinutes(30),
            ReviewPolicy.OnTimeout.RELEASE, "Varde University Hospital");

    private Pools pools;
    private Vertx vertx;
    private DataSource db;
    private MutableClock clock;
    private AuditLog audit;
    private ReviewGate gate;
    private JdbcJobStore jobs;
    private boolean failHandOver;

    @BeforeEach
    void open() {
        pools = new Pools("review-record");
        db = pools.open(TestDatabase.h2("review-record"));
        vertx = Vertx.vertx();
        clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        audit = new AuditLog(db, clock, "gw-1", null);
        jobs = new JdbcJobStore(db);
        gate = new ReviewGate(vertx, new ReviewStore(db, new RejectionFeedback()), new ReviewMetrics(
                new SimpleMeterRegistry()), clock, new ReviewAudit(audit, "gw-1"));
        gate.outlet(new ReviewOutlet() {
            @Override
            public void deliver(Review review, HumanReview human, Optional<Review.PriorityChoice> priority) {
            }

            @Override
            public void reject(Review review) {
                if (failHandOver) {
                    throw new IllegalStateException("the job store is away");
                }
            }
        });
    }

    @AfterEach
    void close() {
        vertx.close();
        pools.close();
    }

    /** A job, a RECEIVED result with this verdict, and its review under {@code policy}. */
    private Review held(int n, String verdict, ReviewPolicy policy) throws Exception {
        Job job = jobs.create(new NewJob("1.2.77." + n, "lung-nodules", "ct-thorax", RouteMode.CLINICAL, 1,
                List.of("1.2.77." + n + ".1")));
        String result = "result-" + n;
        try (Connection c = db.getConnection()) {
            Jdbc.update(c, "INSERT INTO results (id, job_id, algorithm_id, study_instance_uid, status, verdict, "
                            + "reported_name, reported_version, approved_version, result_json, protocol, received_at) "
                            + "VALUES (?, ?, 'lung-nodules', ?, 'RECEIVED', ?, 'PulmoSpot', '3.2.0', '3.2.0', '{}', "
                            + "'dicom', ?)", result, job.id(), job.studyInstanceUid(), verdict, clock.instant());
        }
        return gate.hold(new ReviewStore.Hold(result, job.id(), job.studyInstanceUid(), "lung-nodules", "ct-thorax",
                policy));
    }

    private JsonObject feedback() throws Exception {
        return new ValueFigures(db).compute(new Filter("lung-nodules", null, Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-02T00:00:00Z"), null, null)).getJsonObject("feedback");
    }

    private List<AuditEvent> reviewEvents() throws Exception {
        return audit.between(null, null, 1000).stream().filter(e -> e.entry().action().name().startsWith("REVIEW_"))
                .toList();
    }

    @Test
    void aRejectionCountsAsTheReviewersDisagreementAndAnApprovalAddsNothing() throws Exception {
        Review approved = held(1, "positive", HOLD);
        Review falsePositive = held(2, "positive", HOLD);
        Review falseNegative = held(3, "negative", HOLD);
        gate.decide(approved.id(), ReviewGate.Decision.APPROVE, BERG, null, Optional.empty());
        clock.advance(Duration.ofMinutes(1));
        gate.decide(falsePositive.id(), ReviewGate.Decision.REJECT, BERG, "the nodule is a vessel", Optional.empty());
        gate.decide(falseNegative.id(), ReviewGate.Decision.REJECT, HANSEN, "missed 9 mm nodule RLL", Optional.empty());

        JsonObject fb = feedback();
        assertEquals(2L, fb.getLong("given"), fb.encodePrettily());
        assertEquals(2L, fb.getLong("disagree"));
        assertEquals(0L, fb.getLong("agree"));
        assertEquals(0L, fb.getJsonObject("agreementRate").getLong("successes"));
        assertEquals(2L, fb.getJsonObject("agreementRate").getLong("n"));
        // a rejected positive is a false positive, a rejected negative a false negative
        assertEquals(new JsonObject().put("value", 0.0).put("low", 0.0).put("high", 0.7935).put("successes", 0L)
                .put("n", 1L), fb.getJsonObject("ppv"));
        assertEquals(1L, fb.getJsonObject("npv").getLong("n"));
        assertEquals(0L, fb.getJsonObject("npv").getLong("successes"));

        // the row names the reviewer, how they signed in, and the reason
        try (Connection c = db.getConnection();
             var ps = Jdbc.prepare(c, "SELECT given_by, given_by_kind, comment, agreement, verdict FROM result_feedback "
                     + "WHERE review_id = ?", falseNegative.id());
             var rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(List.of("j.hansen", "OIDC", "missed 9 mm nodule RLL", "DISAGREE", "negative"),
                    List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
    }

    @Test
    void anUndoneRejectionNoLongerCounts() throws Exception {
        Review r = held(4, "positive", HOLD);
        failHandOver = true;   // the hand-over fails: the rejection is recorded, not yet handed on, so undoable
        gate.decide(r.id(), ReviewGate.Decision.REJECT, BERG, "wrong series", Optional.empty());
        assertEquals(1L, feedback().getLong("disagree"));
        assertThrows(ReviewConflictException.class, () -> gate.decide(r.id(), ReviewGate.Decision.UNDO, HANSEN, null,
                Optional.empty()));
        assertEquals(1L, feedback().getLong("disagree"), "someone else's undo is refused and changes nothing");
        gate.decide(r.id(), ReviewGate.Decision.UNDO, BERG, null, Optional.empty());
        assertEquals(0L, feedback().getLong("given"), feedback().encodePrettily());
        // decided again, it counts once
        failHandOver = false;
        gate.decide(r.id(), ReviewGate.Decision.REJECT, HANSEN, "motion artefact", Optional.empty());
        assertEquals(1L, feedback().getLong("disagree"));
        assertEquals(1L, feedback().getLong("given"));
    }

    @Test
    void everyDecisionIsAnAuditEventNamingWhoWhichStudyTheOutcomeAndWhy() throws Exception {
        Review a = held(5, "positive", HOLD);
        Review b = held(6, "positive", HOLD);
        Review c = held(7, "negative", HOLD);
        Review d = held(8, "positive", RELEASE);
        gate.decide(a.id(), ReviewGate.Decision.APPROVE, BERG, null,
                Optional.of(new Review.PriorityChoice(Optional.of(WorklistPriority.STAT))));
        gate.decide(b.id(), ReviewGate.Decision.REJECT, HANSEN, "the nodule is a vessel", Optional.empty());
        gate.decide(c.id(), ReviewGate.Decision.DEFER, BERG, "need the prior CT", Optional.empty());
        assertThrows(ReviewConflictException.class, () -> gate.decide(c.id(), ReviewGate.Decision.UNDO, HANSEN, null,
                Optional.empty()));
        gate.decide(c.id(), ReviewGate.Decision.UNDO, BERG, null, Optional.empty());
        clock.advance(Duration.ofMinutes(31));
        gate.sweep();
        assertEquals(ReviewState.RELEASED, gate.store().find(d.id()).orElseThrow().state());

        List<AuditEvent> events = reviewEvents();
        assertEquals(List.of(AuditAction.REVIEW_APPROVED, AuditAction.REVIEW_REJECTED, AuditAction.REVIEW_DEFERRED,
                AuditAction.REVIEW_UNDONE, AuditAction.REVIEW_UNDONE, AuditAction.REVIEW_RELEASED),
                events.stream().map(e -> e.entry().action()).toList());
        assertEvent(events.get(0), new Actor(Actor.Kind.TOKEN, "dr.berg"), a, AuditOutcome.SUCCESS, "priority stat");
        assertEvent(events.get(1), new Actor(Actor.Kind.OIDC, "j.hansen"), b, AuditOutcome.SUCCESS,
                "rejected: the nodule is a vessel");
        assertEvent(events.get(2), new Actor(Actor.Kind.TOKEN, "dr.berg"), c, AuditOutcome.SUCCESS,
                "deferred: need the prior CT");
        assertEvent(events.get(3), new Actor(Actor.Kind.OIDC, "j.hansen"), c, AuditOutcome.REFUSED,
                "only dr.berg may undo");
        assertEvent(events.get(4), new Actor(Actor.Kind.TOKEN, "dr.berg"), c, AuditOutcome.SUCCESS,
                "DEFERRED (need the prior CT) undone");
        assertEvent(events.get(5), Actor.system("review gate on gw-1"), d, AuditOutcome.SUCCESS,
                "released without review after 31 min");
        assertTrue(audit.verify().intact(), audit.verify().toString());
    }

    private static void assertEvent(AuditEvent e, Actor who, Review review, AuditOutcome outcome, String why) {
        assertEquals(who, e.entry().actor(), e.toJson().encode());
        assertEquals(review.studyInstanceUid(), e.entry().studyInstanceUid());
        assertEquals(review.jobId(), e.entry().jobId());
        assertEquals("lung-nodules", e.entry().algorithmId());
        assertEquals("review " + review.id(), e.entry().target());
        assertEquals(outcome, e.entry().outcome());
        assertTrue(e.entry().detail().contains(why), e.entry().detail());
    }
}
