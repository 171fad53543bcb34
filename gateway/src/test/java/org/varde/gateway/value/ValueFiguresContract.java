package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.JdbcJournal;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The volume and turnaround figures from rows inserted as the stages write them, each compared with
 * the number worked out by hand in the comments. Run on H2 and PostgreSQL alike.
 *
 * <p>Six studies: S1..S4 at site nord, S5 at sor, S6 without a site (received before the period).
 * lung-nodules on route ct (clinical): S1, S2 sent; S3 refused for PatientAge (study), S4 for
 * SliceThickness (series), S5 a rule miss, S6 refused for PatientAge. On route ct-shadow: S5 sent.
 * emphysema's route is off for S1. S1 and S2 are clinical jobs, S5 a shadow job.
 */
abstract class ValueFiguresContract {
    static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");
    static final String A = "lung-nodules";

    ValueRows rows;
    ValueFigures figures;
    DataSource dataSource;
    /** S1's result (positive, clinical, route ct) and S2's (negative) */
    String r1;
    String r2;

    JdbcJournal journal;

    /** Where the store is; opening the journal on it migrates it. */
    abstract StoreSettings store();

    @BeforeEach
    void insertKnownRows() throws Exception {
        journal = JdbcJournal.open(store());
        dataSource = journal.dataSource();
        rows = new ValueRows(dataSource);
        figures = new ValueFigures(dataSource);
        for (int i = 1; i <= 4; i++) {
            rows.study("1.2.9." + i, "nord", at("09:00:00"));
        }
        rows.study("1.2.9.5", "sor", at("09:30:00"));
        rows.study("1.2.9.6", null, Instant.parse("2026-11-01T23:00:00Z"));

        rows.decision("1.2.9.1", "ct", A, "SEND", "clinical", null, null, at("10:00:30"));
        rows.decision("1.2.9.2", "ct", A, "SEND", "clinical", null, null, at("11:01:00"));
        rows.decision("1.2.9.3", "ct", A, "GUARD_REFUSED", "clinical", "PatientAge [18, 120] years", "study", at("11:30:00"));
        rows.decision("1.2.9.4", "ct", A, "GUARD_REFUSED", "clinical", "SliceThickness [0.5, 1.5] mm", "series",
                at("11:40:00"));
        rows.decision("1.2.9.5", "ct", A, "RULE_MISS", "clinical", null, null, at("12:00:10"));
        rows.decision("1.2.9.5", "ct-shadow", A, "SEND", "shadow", null, null, at("12:00:10"));
        rows.decision("1.2.9.6", "ct", A, "GUARD_REFUSED", "clinical", "PatientAge [18, 120] years", "study", at("00:10:00"));
        rows.decision("1.2.9.1", "ct", "emphysema", "ROUTE_OFF", "off", null, null, at("10:00:30"));

        // S1: last instance 10:00:00, complete +30 s, dispatched +10 s, result +120 s, delivered +20 s (the later sink)
        rows.completed("1.2.9.1", at("10:00:00"), at("10:00:30"));
        Job j1 = rows.dispatched("1.2.9.1", A, "ct", RouteMode.CLINICAL, "nord", at("10:00:40"));
        r1 = rows.result(j1, "positive", at("10:02:40"));
        rows.delivery(r1, j1, "pacs", "DELIVERED", "urgent", at("10:02:50"));
        rows.delivery(r1, j1, "ris", "DELIVERED", "urgent", at("10:03:00"));
        // S2: +60 s, +5 s, +240 s, +10 s (the RIS delivery gave up: not a delivery time)
        rows.completed("1.2.9.2", at("11:00:00"), at("11:01:00"));
        Job j2 = rows.dispatched("1.2.9.2", A, "ct", RouteMode.CLINICAL, "nord", at("11:01:05"));
        r2 = rows.result(j2, "negative", at("11:05:05"));
        rows.delivery(r2, j2, "pacs", "DELIVERED", null, at("11:05:15"));
        rows.delivery(r2, j2, "ris", "DEAD_LETTER", null, at("11:20:00"));
        // S5 on the shadow route: +10 s, +10 s, +60 s, kept (never sent)
        rows.completed("1.2.9.5", at("12:00:00"), at("12:00:10"));
        Job j3 = rows.dispatched("1.2.9.5", A, "ct-shadow", RouteMode.SHADOW, "sor", at("12:00:20"));
        String r3 = rows.result(j3, "positive", at("12:01:20"));
        rows.delivery(r3, j3, "pacs", "KEPT", null, at("12:01:21"));
        rows.delivery(r3, j3, "ris", "KEPT", null, at("12:01:21"));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    /**
     * Feedback from the RIS (FeedbackStore.fromRis): the same resource again replaces its one row (new
     * word, same id), an update naming an unknown result leaves the earlier word, and the figures count
     * the newest word once: S1 positive disagreed (PPV 0/1), S2 negative agreed (NPV 1/1).
     */
    @Test
    void feedbackFromTheRisReplacesItsOwnRowAndCountsOnce() throws Exception {
        java.time.Clock clock = java.time.Clock.fixed(at("13:00:00"), java.time.ZoneOffset.UTC);
        FeedbackStore store = new FeedbackStore(dataSource,
                new org.varde.gateway.audit.AuditLog(dataSource, clock, "value-test", null), clock);
        org.varde.gateway.audit.Actor ris = new org.varde.gateway.audit.Actor(org.varde.gateway.audit.Actor.Kind.TOKEN,
                "ris-a");
        FeedbackStore.Taken first = store.fromRis("ris-a Observation/o1", r1, Agreement.AGREE, null, null, ris, "Dr. Lie")
                .orElseThrow();
        org.junit.jupiter.api.Assertions.assertTrue(first.created());
        FeedbackStore.Taken again = store.fromRis("ris-a Observation/o1", r1, Agreement.DISAGREE, "scar", null, ris,
                "Dr. Lie").orElseThrow();
        org.junit.jupiter.api.Assertions.assertFalse(again.created());
        assertEquals(first.feedback().getString("id"), again.feedback().getString("id"));
        assertEquals("ris-a for Dr. Lie", again.feedback().getString("givenBy"));
        org.junit.jupiter.api.Assertions.assertTrue(store.fromRis("ris-a Task|urn:varde:priority-task|" + r2 + ".1", r2,
                Agreement.AGREE, null, null, ris, null).orElseThrow().created());
        org.junit.jupiter.api.Assertions.assertTrue(store.fromRis("ris-a Observation/o1", "no-such-result",
                Agreement.AGREE, null, null, ris, "Dr. Lie").isEmpty());

        JsonObject feedback = value(A, "ct", null, null).getJsonObject("feedback");
        assertEquals(2L, feedback.getLong("given"), feedback.encodePrettily());
        assertEquals(0L, feedback.getJsonObject("ppv").getLong("successes"));
        assertEquals(1L, feedback.getJsonObject("ppv").getLong("n"));
        assertEquals(1L, feedback.getJsonObject("npv").getLong("successes"));
        assertEquals(1L, feedback.getJsonObject("npv").getLong("n"));
        assertEquals(1L, feedback.getLong("disagree"), "the unknown result's update left the earlier word");
    }

    static Instant at(String time) {
        return Instant.parse("2026-11-02T" + time + "Z");
    }

    JsonObject value(String algorithm, String route, String site, String mode) throws Exception {
        return figures.compute(new Filter(algorithm, route, FROM, TO, site, mode));
    }

    @Test
    void studiesReceivedCountTheSiteIntakeInThePeriod() throws Exception {
        assertEquals(5L, value(A, null, null, null).getJsonObject("volumes").getLong("studiesReceived"),
                "S1..S5; S6 came the day before");
        assertEquals(4L, value(null, null, "nord", null).getJsonObject("volumes").getLong("studiesReceived"));
        assertEquals(1L, value(null, null, "sor", null).getJsonObject("volumes").getLong("studiesReceived"));
    }

    @Test
    void routingCountsEachOutcomeAndTheGuardsRefusalsByAttribute() throws Exception {
        JsonObject all = value(A, null, null, null).getJsonObject("volumes").getJsonObject("routing");
        assertEquals(new JsonObject().put("considered", 7L).put("routed", 3L).put("ruleMiss", 1L).put("routeOff", 0L)
                .put("refusedByGuard", new JsonObject().put("total", 3L).put("byReason",
                        new JsonObject().put("PatientAge", 2L).put("SliceThickness", 1L))), all);
        JsonObject nord = value(A, null, "nord", null).getJsonObject("volumes").getJsonObject("routing");
        assertEquals(4L, nord.getLong("considered"));
        assertEquals(new JsonObject().put("PatientAge", 1L).put("SliceThickness", 1L),
                nord.getJsonObject("refusedByGuard").getJsonObject("byReason"));
        JsonObject shadow = value(A, null, null, "shadow").getJsonObject("volumes").getJsonObject("routing");
        assertEquals(1L, shadow.getLong("considered"));
        assertEquals(1L, shadow.getLong("routed"));
        assertEquals(1L, value(A, "ct-shadow", null, null).getJsonObject("volumes").getJsonObject("routing")
                .getLong("routed"));
        assertEquals(1L, value(null, null, null, null).getJsonObject("volumes").getJsonObject("routing")
                .getLong("routeOff"), "emphysema's route is off");
        assertEquals(8L, value(null, null, null, null).getJsonObject("volumes").getJsonObject("routing")
                .getLong("considered"));
    }

    @Test
    void dispatchedResultsDeliveriesAndPriorityChanges() throws Exception {
        JsonObject all = value(A, null, null, null).getJsonObject("volumes");
        assertEquals(3L, all.getLong("dispatched"));
        assertEquals(3L, all.getJsonObject("resultsByStatus").getLong("RECEIVED"));
        assertEquals(2L, all.getLong("positives"));
        assertEquals(new JsonObject().put("byState", new JsonObject().put("DELIVERED", 3L).put("KEPT", 2L)
                .put("DEAD_LETTER", 1L)).put("resultsDelivered", 2L), all.getJsonObject("deliveries"));
        assertEquals(new JsonObject().put("total", 1L).put("byPriority", new JsonObject().put("urgent", 1L)),
                all.getJsonObject("priorityChanges"), "one result, asked urgent at two sinks, is one change");
        JsonObject clinical = value(A, "ct", null, "clinical").getJsonObject("volumes");
        assertEquals(2L, clinical.getLong("dispatched"));
        assertEquals(0L, clinical.getJsonObject("deliveries").getJsonObject("byState").getLong("KEPT"));
        JsonObject sor = value(A, null, "sor", null).getJsonObject("volumes");
        assertEquals(1L, sor.getLong("dispatched"));
        assertEquals(0L, sor.getJsonObject("priorityChanges").getLong("total"));
    }

    @Test
    void turnaroundPercentilesPerStepFromTheRecordedTimes() throws Exception {
        JsonObject clinical = value(A, null, null, "clinical").getJsonObject("turnaround");
        assertEquals(2, clinical.getInteger("studies"));
        JsonObject steps = clinical.getJsonObject("steps");
        // nearest rank of two values: p50 the smaller, p95 the larger
        assertStep(steps, "lastInstanceToComplete", 2, 30.0, 60.0);
        assertStep(steps, "completeToDispatched", 2, 5.0, 10.0);
        assertStep(steps, "dispatchedToResult", 2, 120.0, 240.0);
        assertStep(steps, "resultToDelivered", 2, 10.0, 20.0);
        assertStep(steps, "lastInstanceToDelivered", 2, 180.0, 315.0);
        JsonObject all = value(A, null, null, null).getJsonObject("turnaround").getJsonObject("steps");
        // three values: p50 the middle, p95 the largest; the shadow study delivered nothing
        assertStep(all, "lastInstanceToComplete", 3, 30.0, 60.0);
        assertStep(all, "lastInstanceToResult", 3, 160.0, 305.0);
        assertStep(all, "resultToDelivered", 2, 10.0, 20.0);
        JsonObject none = value("emphysema", null, null, null).getJsonObject("turnaround");
        assertEquals(0, none.getInteger("studies"));
        assertNull(none.getJsonObject("steps").getJsonObject("dispatchedToResult").getDouble("p50Seconds"));
    }

    @Test
    void percentilesByNearestRank() {
        List<Double> twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
        assertEquals(10.0, Turnaround.percentile(twenty, 0.50));
        assertEquals(19.0, Turnaround.percentile(twenty, 0.95));
        assertEquals(7.0, Turnaround.percentile(List.of(7.0), 0.95));
        assertNull(Turnaround.percentile(List.of(), 0.5));
    }

    private static void assertStep(JsonObject steps, String name, int n, double p50, double p95) {
        JsonObject step = steps.getJsonObject(name);
        assertEquals(new JsonObject().put("n", n).put("p50Seconds", p50).put("p95Seconds", p95), step, name);
    }
}
