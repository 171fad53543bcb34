package org.varde.gateway.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.store.Jdbc;
import org.varde.gateway.usage.UsageLedger;
import org.varde.testdata.Finding;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.StudyKind;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Radiologist feedback through the API (operator only, validated, audited) and the value figures it
 * feeds, with known inputs: 4 positive results (3 agreed or partly, 1 disagreed) and 2 negatives
 * (1 agreed, 1 disagreed) give PPV 3/4, NPV 1/2, agreement 3/6 with their Wilson intervals.
 */
class ValueApiTest {
    @TempDir
    Path tmp;
    ApiFixture api;
    AuditLog audit;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp);
        audit = new AuditLog(api.journal.dataSource(), Clock.systemUTC(), "value-test", null);
        api.pipeline.auditLog = audit;
        api.pipeline.usage = new UsageLedger(api.journal.dataSource(), Clock.systemUTC());
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /** A job and a RECEIVED result with this verdict; the result's id. */
    private String result(int n, String verdict) throws Exception {
        return api.receivedResult("1.2.77." + n, n, verdict);
    }

    private HttpResponse<String> feedback(String token, String resultId, String body) throws Exception {
        return api.post("/api/results/" + resultId + "/feedback", token, body);
    }

    @Test
    void feedbackFeedsAgreementPpvAndNpvWithTheirIntervals() throws Exception {
        String operator = api.tokens.create("dr-lie", Role.OPERATOR, "test");
        String viewer = api.token(Role.VIEWER);
        String[] positives = {result(1, "positive"), result(2, "positive"), result(3, "positive"), result(4, "positive")};
        String[] negatives = {result(5, "negative"), result(6, "negative")};

        assertEquals(403, feedback(viewer, positives[0], "{\"agreement\": \"agree\"}").statusCode());
        assertEquals(400, feedback(operator, positives[0], "{\"agreement\": \"maybe\"}").statusCode());
        assertEquals(400, feedback(operator, positives[0], "{}").statusCode());
        assertEquals(400, feedback(operator, positives[0], "{\"agreement\": \"agree\", \"comment\": \""
                + "x".repeat(2001) + "\"}").statusCode());
        assertEquals(404, feedback(operator, "no-such-result", "{\"agreement\": \"agree\"}").statusCode());

        // the first word on result 1 is replaced by a later one: only the newest counts
        assertEquals(201, feedback(operator, positives[0], "{\"agreement\": \"disagree\"}").statusCode());
        HttpResponse<String> given = feedback(operator, positives[0], "{\"agreement\": \"agree\", \"comment\": \"8 mm RUL\"}");
        assertEquals(201, given.statusCode(), given.body());
        assertEquals("dr-lie", new JsonObject(given.body()).getString("givenBy"));
        feedback(operator, positives[1], "{\"agreement\": \"agree\"}");
        feedback(operator, positives[2], "{\"agreement\": \"partly\", \"correctFinding\": \"two nodules\"}");
        feedback(operator, positives[3], "{\"agreement\": \"disagree\", \"correctFinding\": \"scar\"}");
        feedback(operator, negatives[0], "{\"agreement\": \"agree\"}");
        feedback(operator, negatives[1], "{\"agreement\": \"disagree\"}");

        HttpResponse<String> answer = api.get("/api/value?algorithm=lung-nodules&route=ct&mode=clinical", viewer);
        assertEquals(Optional.empty(), OpenApiSchemas.problem("GET", "/api/value", 200, answer.body()));
        JsonObject broken = new JsonObject(answer.body());
        broken.getJsonObject("turnaround").getJsonObject("steps").remove("dispatchedToResult");
        assertTrue(OpenApiSchemas.problem("GET", "/api/value", 200, broken.encode()).isPresent(),
                "the schema checks the turnaround steps");
        JsonObject value = new JsonObject(answer.body());
        JsonObject fb = value.getJsonObject("feedback");
        assertEquals(6L, fb.getLong("given"), value.encodePrettily());
        assertEquals(3L, fb.getLong("agree"));
        assertEquals(1L, fb.getLong("partly"));
        assertEquals(2L, fb.getLong("disagree"));
        assertEquals(new JsonObject().put("value", 0.75).put("low", 0.3006).put("high", 0.9544).put("successes", 3L)
                .put("n", 4L), fb.getJsonObject("ppv"), "PPV 3/4 (partly counts as a true positive)");
        assertEquals(0.5, fb.getJsonObject("npv").getDouble("value"));
        assertEquals(2L, fb.getJsonObject("npv").getLong("n"));
        assertEquals(3L, fb.getJsonObject("agreementRate").getLong("successes"));
        assertEquals(6L, fb.getJsonObject("agreementRate").getLong("n"));
        JsonObject flags = value.getJsonObject("flagRate");
        assertEquals(4L, flags.getLong("successes"));
        assertEquals(6L, flags.getLong("n"));

        assertEquals(0L, new JsonObject(api.get("/api/value?algorithm=lung-nodules&site=sorvik", viewer).body())
                .getJsonObject("feedback").getLong("given"), "no study of that site");
        assertEquals(400, api.get("/api/value?mode=live", viewer).statusCode());
        assertEquals(400, api.get("/api/value?route=" + "r".repeat(129), viewer).statusCode());
        assertEquals(0L, new JsonObject(api.get("/api/value?algorithm=lung-nodules&route=other", viewer).body())
                .getJsonObject("feedback").getLong("given"), "no result of that route");

        // every feedback is an audit event naming the radiologist
        assertTrue(audit.between(null, null, 100).stream().filter(e -> e.entry().action() == AuditAction.FEEDBACK)
                .allMatch(e -> e.entry().actor().name().equals("dr-lie")));
        assertEquals(7, audit.between(null, null, 100).stream()
                .filter(e -> e.entry().action() == AuditAction.FEEDBACK).count());
    }

    /** The file the generator writes for a study, in its own words (test-data's GroundTruth). */
    private static String truthFile(String uid, boolean present) {
        GroundTruth.Location where = present ? new GroundTruth.Location("1.2.77.900", "1.2.77.901", 12, 10, 14,
                List.of("1.2.77.901"), 120.5, 98.5, new GroundTruth.PatientPoint(-60, 20, -110)) : null;
        return new GroundTruth(uid, StudyKind.CT_THORAX, Finding.NODULE, present, present ? 10 : 0, where)
                .toJsonText();
    }

    @Test
    void groundTruthPostedByAnOperatorGivesSensitivityAndSpecificity() throws Exception {
        String viewer = api.token(Role.VIEWER);
        String operator = api.token(Role.OPERATOR);
        String admin = api.token(Role.ADMIN);
        // bare verdicts (no finding named) on studies with one ground truth each: compared at the study level
        result(1, "positive");
        result(2, "positive");
        result(3, "negative");
        result(4, "negative");
        result(5, "inconclusive");
        String many = "[" + truthFile("1.2.77.1", true) + ", " + truthFile("1.2.77.2", false) + ", "
                + truthFile("1.2.77.3", true) + "]";

        assertEquals(401, api.post("/api/value/ground-truth", null, many).statusCode());
        assertEquals(403, api.post("/api/value/ground-truth", viewer, many).statusCode());
        assertEquals(403, api.post("/api/value/ground-truth", api.token(Role.REVIEWER), many).statusCode());
        HttpResponse<String> bad = api.post("/api/value/ground-truth", operator, "[" + truthFile("1.2.77.1", true)
                + ", " + truthFile("1.2.77.9", true).replace("\"nodule\"", "\"tumour\"") + "]");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("[1] finding must be one of"), bad.body());
        assertEquals(400, api.post("/api/value/ground-truth", operator, "{\"format\": \"other/1\"}").statusCode());
        assertEquals(400, api.post("/api/value/ground-truth", operator, "[]").statusCode());
        assertEquals(400, api.post("/api/value/ground-truth", operator, truthFile("1.2.77.1'--", true)).statusCode());
        assertEquals(400, api.post("/api/value/ground-truth", operator, "[" + truthFile("1.2.77.1", true) + ", "
                + truthFile("1.2.77.1", false) + "]").statusCode(), "the same study and finding twice");
        JsonObject afterRefusals = new JsonObject(api.get("/api/value?algorithm=lung-nodules", viewer).body());
        assertEquals(0L, afterRefusals.getJsonObject("groundTruth").getLong("results"), "a refused body stores nothing");

        HttpResponse<String> stored = api.post("/api/value/ground-truth", operator, many);
        assertEquals(201, stored.statusCode(), stored.body());
        assertEquals(Optional.empty(), OpenApiSchemas.problem("POST", "/api/value/ground-truth", 201, stored.body()));
        assertEquals(new JsonObject().put("stored", 3).put("present", 2).put("absent", 1), new JsonObject(stored.body()));
        HttpResponse<String> one = api.post("/api/value/ground-truth", admin, truthFile("1.2.77.4", false));
        assertEquals(201, one.statusCode(), one.body());
        assertEquals(201, api.post("/api/value/ground-truth", admin, truthFile("1.2.77.5", true)).statusCode());

        HttpResponse<String> answer = api.get("/api/value?algorithm=lung-nodules&mode=clinical", viewer);
        assertEquals(Optional.empty(), OpenApiSchemas.problem("GET", "/api/value", 200, answer.body()));
        JsonObject truth = new JsonObject(answer.body()).getJsonObject("groundTruth");
        // 1.2.77.1 positive, present: TP; .2 positive, absent: FP; .3 negative, present: FN; .4 negative, absent: TN;
        // .5 inconclusive: undecided. Sensitivity 1/2, specificity 1/2, PPV 1/2, NPV 1/2 (Wilson 0.0945..0.9055)
        assertEquals(5L, truth.getLong("results"), truth.encodePrettily());
        assertEquals(4L, truth.getLong("compared"));
        assertEquals(1L, truth.getLong("undecided"));
        for (String cell : new String[]{"truePositives", "falsePositives", "falseNegatives", "trueNegatives"}) {
            assertEquals(1L, truth.getLong(cell), cell);
        }
        assertEquals(new JsonObject().put("value", 0.5).put("low", 0.0945).put("high", 0.9055).put("successes", 1L)
                .put("n", 2L), truth.getJsonObject("sensitivity"));
        assertEquals(0L, new JsonObject(api.get("/api/value?algorithm=lung-nodules&mode=shadow", viewer).body())
                .getJsonObject("groundTruth").getLong("results"), "no shadow result");
        assertEquals(3, audit.between(null, null, 100).stream()
                .filter(e -> e.entry().action() == AuditAction.GROUND_TRUTH_RECORDED).count(),
                "one audit event per accepted post");
    }

    @Test
    void theOverviewShowsRoutingSilenceFromTheAlgorithmWatch() throws Exception {
        Instant now = Instant.now();
        try (Connection c = api.journal.dataSource().getConnection()) {
            for (int i = 1; i <= 3; i++) {
                Jdbc.update(c, "INSERT INTO routing_decisions (study_instance_uid, generation, route_name, algorithm_id, "
                        + "outcome, mode, disposition, decision_json, decided_at) VALUES (?, 0, 'ct', 'silent', 'SEND', "
                        + "'clinical', 'JOB', '{}', ?)", "1.2.66." + i, now.minusSeconds(600L * i));
            }
        }
        var watch = new org.varde.gateway.value.AlgorithmWatch(api.journal.dataSource(), () -> List.of("silent"),
                org.varde.gateway.value.WatchSettings.DEFAULTS, Clock.systemUTC());
        watch.check();
        api.pipeline.algorithmWatch = watch;
        HttpResponse<String> overview = api.get("/api/overview", api.token(Role.VIEWER));
        assertEquals(200, overview.statusCode(), overview.body());
        JsonObject alert = new JsonObject(overview.body()).getJsonArray("alerts").stream().map(JsonObject.class::cast)
                .filter(a -> "ROUTING_SILENCE".equals(a.getString("kind"))).findFirst().orElseThrow();
        assertEquals("silent", alert.getString("algorithm"));
        assertTrue(alert.getString("text").contains("matched 3 studies"), alert.encode());
    }
}
