package org.varde.gateway.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.store.JdbcJournal;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The results of lung-nodules against the ground truth of their studies, with known rows and the
 * counts and Wilson intervals worked out by hand. Run on H2 and PostgreSQL alike.
 *
 * <p>Clinical (route ct), one result per study unless said:
 * TP: S1 names the nodule present; S2 a bare positive (no finding named), one ground truth, present;
 * S11 two results, the newer names it present (the older, absent, does not count).
 * FN: S3 names it absent, truth present.
 * TN: S4 and S7 name it absent, truth absent; S5 a bare negative, truth absent; S6 names it absent on a
 * study whose truth is nodule absent and embolus present (the embolus is not compared).
 * FP: S8 names it present, truth absent; S9 a bare positive, truth absent.
 * Undecided: S10 inconclusive. Unmatched: S12 names the nodule absent, only an embolus is known;
 * S13 a bare negative on a study with two ground truths. Not counted: S14 (no ground truth),
 * S15 (received the day before). So TP 3, FN 1, TN 4, FP 2 of 13 results:
 * sensitivity 3/4, specificity 4/6, PPV 3/5, NPV 4/5.
 * Shadow (route ct-shadow): S16 names it present, truth present (TP); S17 a bare negative, truth
 * absent (TN). pe-detect on S12 names the embolus present (TP for pe-detect only).
 */
abstract class GroundTruthFiguresContract {
    static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");
    static final String A = "lung-nodules";
    static final String NODULE = "{\"code\": {\"value\": \"27925004\", \"scheme\": \"SCT\", \"meaning\": \"Nodule\"}, "
            + "\"presence\": \"%s\", \"measurements\": [], \"references\": []}";
    static final String EMBOLUS = "{\"code\": {\"value\": \"59282003\", \"scheme\": \"SCT\", \"meaning\": "
            + "\"Pulmonary embolism\"}, \"presence\": \"%s\", \"measurements\": [], \"references\": []}";

    ValueRows rows;
    ValueFigures figures;
    GroundTruthStore truths;
    final List<StudyTruth> known = new ArrayList<>();
    int minute;

    JdbcJournal journal;

    /** Where the store is; opening the journal on it migrates it. */
    abstract StoreSettings store();

    @BeforeEach
    void insertKnownRows() throws Exception {
        journal = JdbcJournal.open(store());
        DataSource dataSource = journal.dataSource();
        rows = new ValueRows(dataSource);
        figures = new ValueFigures(dataSource);
        truths = new GroundTruthStore(dataSource, entry -> { }, Clock.systemUTC());

        clinical(1, "nodule", true, "positive", NODULE.formatted("present"));
        clinical(2, "nodule", true, "positive", null);
        Job s11 = job(11, "ct", RouteMode.CLINICAL, A, "nodule", true);
        rows.result(s11, "negative", json(NODULE.formatted("absent")), at(9, 0));
        rows.result(s11, "positive", json(NODULE.formatted("present")), at(10, 0));
        clinical(3, "nodule", true, "negative", NODULE.formatted("absent"));
        clinical(4, "nodule", false, "negative", NODULE.formatted("absent"));
        clinical(7, "nodule", false, "negative", NODULE.formatted("absent"));
        clinical(5, "nodule", false, "negative", null);
        truth(6, "pe", true);
        clinical(6, "nodule", false, "negative", NODULE.formatted("absent"));
        clinical(8, "nodule", false, "positive", NODULE.formatted("present"));
        clinical(9, "nodule", false, "positive", null);
        clinical(10, "nodule", true, "inconclusive", null);
        clinical(12, "pe", true, "negative", NODULE.formatted("absent"));
        truth(13, "pe", true);
        clinical(13, "nodule", false, "negative", null);
        Job s14 = rows.dispatched(uid(14), A, "ct", RouteMode.CLINICAL, "nord", at(8, 0));
        rows.result(s14, "positive", json(NODULE.formatted("present")), at(11, 0));
        Job s15 = job(15, "ct", RouteMode.CLINICAL, A, "nodule", true);
        rows.result(s15, "positive", json(NODULE.formatted("present")), Instant.parse("2026-11-01T23:00:00Z"));

        Job s16 = job(16, "ct-shadow", RouteMode.SHADOW, A, "nodule", true);
        rows.result(s16, "positive", json(NODULE.formatted("present")), at(12, 0));
        Job s17 = job(17, "ct-shadow", RouteMode.SHADOW, A, "nodule", false);
        rows.result(s17, "negative", json(null), at(12, 1));
        Job pe = rows.dispatched(uid(12), "pe-detect", "ct-pe", RouteMode.CLINICAL, "nord", at(8, 0));
        rows.result(pe, "positive", json(EMBOLUS.formatted("present")), at(12, 2));

        assertEquals(new JsonObject().put("stored", 18).put("present", 10L).put("absent", 8L),
                truths.record(known, Actor.cli()));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    static String uid(int n) {
        return "1.2.10." + n;
    }

    static Instant at(int hour, int minute) {
        return Instant.parse(String.format("2026-11-02T%02d:%02d:00Z", hour, minute));
    }

    static String json(String finding) {
        return new JsonObject().put("findings", finding == null ? new JsonArray() : new JsonArray().add(
                new JsonObject(finding))).encode();
    }

    void truth(int n, String finding, boolean present) {
        known.add(new StudyTruth(uid(n), "ct-thorax", TruthFinding.of(finding), present));
    }

    Job job(int n, String route, RouteMode mode, String algorithm, String finding, boolean present) throws Exception {
        truth(n, finding, present);
        return rows.dispatched(uid(n), algorithm, route, mode, "nord", at(8, 0));
    }

    /** A clinical study with one ground truth and one result of lung-nodules. */
    void clinical(int n, String finding, boolean present, String verdict, String named) throws Exception {
        Job job = job(n, "ct", RouteMode.CLINICAL, A, finding, present);
        rows.result(job, verdict, json(named), at(10, minute++));
    }

    JsonObject truthFigures(String algorithm, String route, String mode) throws Exception {
        return figures.compute(new Filter(algorithm, route, FROM, TO, null, mode)).getJsonObject("groundTruth");
    }

    static JsonObject rate(long successes, long n, double value, double low, double high) {
        return new JsonObject().put("value", value).put("low", low).put("high", high).put("successes", successes)
                .put("n", n);
    }

    @Test
    void clinicalResultsAgainstGroundTruthGiveTheFourCellsAndTheirIntervals() throws Exception {
        JsonObject clinical = truthFigures(A, null, "clinical");
        assertEquals(new JsonObject().put("results", 13L).put("compared", 10L).put("truePositives", 3L)
                .put("falsePositives", 2L).put("falseNegatives", 1L).put("trueNegatives", 4L).put("undecided", 1L)
                .put("unmatched", 2L)
                .put("sensitivity", rate(3, 4, 0.75, 0.3006, 0.9544))
                .put("specificity", rate(4, 6, 0.6667, 0.3, 0.9032))
                .put("ppv", rate(3, 5, 0.6, 0.2307, 0.8824))
                .put("npv", rate(4, 5, 0.8, 0.3755, 0.9638))
                .put("truncated", false), clinical);
    }

    @Test
    void shadowRoutesAreCountedTheSameWayAndSplitByModeAndRoute() throws Exception {
        JsonObject shadow = truthFigures(A, null, "shadow");
        assertEquals(1L, shadow.getLong("truePositives"));
        assertEquals(1L, shadow.getLong("trueNegatives"));
        assertEquals(0L, shadow.getLong("falsePositives") + shadow.getLong("falseNegatives"));
        assertEquals(rate(1, 1, 1.0, 0.2065, 1.0), shadow.getJsonObject("sensitivity"));
        assertEquals(shadow, truthFigures(A, "ct-shadow", null));
        // both modes: TP 4, FN 1, TN 5, FP 2
        JsonObject all = truthFigures(A, null, null);
        assertEquals(rate(4, 5, 0.8, 0.3755, 0.9638), all.getJsonObject("sensitivity"));
        assertEquals(rate(5, 7, 0.7143, 0.3589, 0.9178), all.getJsonObject("specificity"));
        assertEquals(rate(4, 6, 0.6667, 0.3, 0.9032), all.getJsonObject("ppv"));
        assertEquals(rate(5, 6, 0.8333, 0.4365, 0.9699), all.getJsonObject("npv"));
    }

    @Test
    void eachAlgorithmIsComparedOnTheFindingItNames() throws Exception {
        JsonObject pe = truthFigures("pe-detect", null, null);
        assertEquals(1L, pe.getLong("truePositives"), pe.encodePrettily());
        assertEquals(1L, pe.getLong("compared"));
        assertEquals(0L, pe.getLong("unmatched"));
        assertEquals(rate(0, 0, 0, 0, 0).put("value", null).put("low", null).put("high", null),
                pe.getJsonObject("specificity"), "no negative truth to rest on");
    }

    @Test
    void postingAgainReplacesTheTruthOfThatStudyAndFinding() throws Exception {
        // S3's nodule was absent after all: its named absent becomes a true negative
        truths.record(List.of(new StudyTruth(uid(3), "ct-thorax", TruthFinding.NODULE, false)), Actor.cli());
        JsonObject clinical = truthFigures(A, null, "clinical");
        assertEquals(0L, clinical.getLong("falseNegatives"));
        assertEquals(5L, clinical.getLong("trueNegatives"));
    }
}
