package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Version;
import org.varde.gateway.access.Role;
import org.varde.gateway.routing.RoutingConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.api.ApiFixture.ACCESSION;
import static org.varde.gateway.api.ApiFixture.BIRTH_DATE;
import static org.varde.gateway.api.ApiFixture.PATIENT_ID;
import static org.varde.gateway.api.ApiFixture.PATIENT_NAME;
import static org.varde.gateway.api.ApiFixture.STUDY;

class HttpApiTest {
    @TempDir
    Path tmp;
    private ApiFixture api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiFixture(tmp).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
    }

    @Test
    void apiWithoutOrWithAWrongCredentialAnswers401() throws Exception {
        assertEquals(401, api.get("/api/studies", null).statusCode());
        assertEquals(401, api.get("/api/studies", "not-the-token-at-all").statusCode());
        // the shape of a secret, but none was made: looked up and refused
        assertEquals(401, api.get("/api/studies", "varde_" + "A".repeat(43)).statusCode());
        assertEquals(401, api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/studies"))
                .header("Authorization", "Basic " + api.token(Role.ADMIN)), null).statusCode());
        HttpResponse<String> refused = api.get("/api/studies", null);
        assertEquals("Bearer realm=\"varde\"", refused.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("Bearer realm=\"varde\", error=\"invalid_token\"",
                api.get("/api/studies", "wrong").headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void apiWithNoTokenCreatedRefusesEveryone() throws Exception {
        assertEquals(401, api.get("/api/studies", "").statusCode());
        assertEquals(401, api.get("/api/health", "varde_" + "x".repeat(43)).statusCode());
    }

    @Test
    void operatorSeesTheStudyListWithIdentity() throws Exception {
        HttpResponse<String> response = api.get("/api/studies", api.token(Role.OPERATOR));
        assertEquals(200, response.statusCode());
        JsonArray studies = new JsonArray(response.body());
        assertEquals(1, studies.size());
        JsonObject study = studies.getJsonObject(0);
        assertEquals(STUDY, study.getString("studyInstanceUid"));
        assertEquals(PATIENT_ID, study.getString("patientId"));
        assertEquals("CT", study.getString("modality"));
        assertEquals(ACCESSION, study.getString("accessionNumber"));
        assertEquals(2, study.getInteger("seriesCount"));
        assertEquals(3, study.getInteger("instanceCount"));
        assertEquals("2026-11-28T10:00:00Z", study.getString("firstReceived"));
        assertEquals("2026-11-28T10:00:02Z", study.getString("lastReceived"));
        assertFalse(study.containsKey("identityHidden"));
    }

    @Test
    void operatorSeesTheStudyWithItsSeriesAndInstances() throws Exception {
        HttpResponse<String> response = api.get("/api/studies/" + STUDY, api.token(Role.OPERATOR));
        assertEquals(200, response.statusCode());
        JsonObject study = new JsonObject(response.body());
        assertEquals(PATIENT_NAME, study.getString("patientName"));
        assertEquals(BIRTH_DATE, study.getString("patientBirthDate"));
        JsonArray series = study.getJsonArray("series");
        assertEquals(2, series.size());
        JsonObject first = series.getJsonObject(0);
        assertEquals("1.2.3.100", first.getString("seriesInstanceUid"));
        assertEquals(List.of("1.2.3.1", "1.2.3.2"), first.getJsonArray("instances").stream()
                .map(i -> ((JsonObject) i).getString("sopInstanceUid")).toList());
        assertEquals(4242L, first.getJsonArray("instances").getJsonObject(0).getLong("byteCount"));
    }

    @Test
    void viewerSeesStudiesWithoutAnyPatientIdentity() throws Exception {
        String viewer = api.token(Role.VIEWER);
        for (String path : List.of("/api/studies", "/api/studies/" + STUDY)) {
            HttpResponse<String> response = api.get(path, viewer);
            assertEquals(200, response.statusCode(), path);
            // anywhere in the body, not only in the fields we know of
            for (String identity : List.of(PATIENT_ID, PATIENT_NAME, "Ødegård", BIRTH_DATE, ACCESSION)) {
                assertFalse(response.body().contains(identity), path + " shows " + identity + ": " + response.body());
            }
        }
        JsonObject study = new JsonObject(api.get("/api/studies/" + STUDY, viewer).body());
        assertTrue(study.getBoolean("identityHidden"));
        assertTrue(study.containsKey("patientName"), "the field stays, empty: a field is a contract");
        assertNull(study.getString("patientName"));
        assertEquals("056Y", study.getString("patientAge"), "age stays: intended-use decisions turn on it");
        assertEquals(3, study.getInteger("instanceCount"));
    }

    @Test
    void explainHidesFromAViewerTheIdentityARouteTested() throws Exception {
        Files.writeString(tmp.resolve("algorithms.yaml"), org.varde.gateway.multinode.TestCatalogue.of(
                org.varde.gateway.multinode.TestCatalogue.dicomAlgorithm("ct-test", "{modalities: [CT]}", 11112,
                        "VENDOR", 30)));
        Files.writeString(tmp.resolve("routes.yaml"), """
                routes:
                  - name: test-patients
                    match: {not: {attribute: PatientID, regex: "^0101"}}
                    algorithms: [ct-test]
                    mode: clinical
                """);
        api.pipeline = new StubPipeline(api.jobs, RoutingConfig.load(tmp.resolve("algorithms.yaml"),
                tmp.resolve("routes.yaml")));
        api.start();
        String body = "{\"study\": {\"StudyInstanceUID\": \"1.2.3\", \"PatientID\": \"" + PATIENT_ID + "\"},"
                + " \"series\": [{\"Modality\": \"CT\"}]}";

        HttpResponse<String> viewer = api.post("/api/routes/explain", api.token(Role.VIEWER), body);
        HttpResponse<String> operator = api.post("/api/routes/explain", api.token(Role.OPERATOR), body);

        assertEquals(200, viewer.statusCode(), viewer.body());
        assertFalse(viewer.body().contains(PATIENT_ID), viewer.body());
        assertTrue(viewer.body().contains("PatientID matches /^0101/: passed (hidden)"), viewer.body());
        assertTrue(new JsonObject(viewer.body()).getJsonArray("decisions").getJsonObject(0).getString("why")
                .contains("(hidden)"), viewer.body());
        assertTrue(operator.body().contains("PatientID matches /^0101/: passed (" + PATIENT_ID + ")"), operator.body());
    }

    @Test
    void explainDecidesOnAWorkerNotOnTheEventLoop() throws Exception {
        HttpResponse<String> response = api.post("/api/routes/explain", api.token(Role.VIEWER),
                "{\"study\": {\"StudyInstanceUID\": \"1.2.3\"}}");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(api.pipeline.routingReads.get() > 0);
        assertFalse(api.pipeline.routingReadOnEventLoop.get(), "the routing config was read and applied on the event loop");
    }

    @Test
    void explainBodyOverItsLimitIsRefusedAndOnlyAfterTheCallerIsKnown() throws Exception {
        String big = "{\"study\": {\"StudyDescription\": \"" + "x".repeat((int) RoutingApi.MAX_BODY_BYTES) + "\"}}";

        assertEquals(413, api.post("/api/routes/explain", api.token(Role.VIEWER), big).statusCode());
        assertEquals(401, api.post("/api/routes/explain", null, big).statusCode());
        assertEquals(0, api.pipeline.routingReads.get());
    }

    @Test
    void unknownStudyIs404AndUnsafeUidIs400() throws Exception {
        String viewer = api.token(Role.VIEWER);
        assertEquals(404, api.get("/api/studies/1.2.3.999", viewer).statusCode());
        assertEquals(400, api.get("/api/studies/1.2.abc", viewer).statusCode());
        assertEquals(400, api.get("/api/studies/1..2", viewer).statusCode());
    }

    @Test
    void openHealthSaysOnlyUpOrDownAndWhy() throws Exception {
        HttpResponse<String> up = api.get("/health", null);
        assertEquals(200, up.statusCode());
        assertEquals(new JsonObject().put("status", "UP"), new JsonObject(up.body()));

        api.dicomListening.set(false);
        HttpResponse<String> down = api.get("/health", null);
        assertEquals(503, down.statusCode());
        JsonObject body = new JsonObject(down.body());
        assertEquals(java.util.Set.of("status", "reason"), body.fieldNames());
        assertEquals("DOWN", body.getString("status"));
        assertEquals("the DICOM listener is not accepting associations", body.getString("reason"));
        assertFalse(down.body().contains(tmp.toString()));
    }

    @Test
    void healthDetailNeedsATokenOfAnyRole() throws Exception {
        assertEquals(401, api.get("/api/health", null).statusCode());
        HttpResponse<String> detail = api.get("/api/health", api.token(Role.VIEWER));
        assertEquals(200, detail.statusCode());
        JsonObject body = new JsonObject(detail.body());
        assertEquals("UP", body.getString("status"));
        assertEquals(Version.CURRENT, body.getString("version"));
        assertTrue(body.getBoolean("dicomListening"));
        assertTrue(body.getLong("spoolFreeBytes") > 0);
    }

    @Test
    void metricsAreOpenForPrometheus() throws Exception {
        HttpResponse<String> scrape = api.get("/metrics", null);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("varde_dicom_associations_active"), scrape.body());
        assertTrue(scrape.body().lines().anyMatch(l -> l.startsWith("varde_spool_free_bytes ") && !l.endsWith("NaN")),
                scrape.body());
        assertTrue(scrape.body().contains("varde_ingest_store_latency_seconds_bucket"), scrape.body());
    }
}
