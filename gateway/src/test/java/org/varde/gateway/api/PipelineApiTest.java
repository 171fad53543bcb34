package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.Main;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.multinode.StorescpVendor;
import org.varde.gateway.multinode.TestCatalogue;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API over a running gateway with routing: a CT study sent over DICOM, completed explicitly,
 * routed to a dcmtk storescp playing the vendor and to an unreachable vendor (dead letter, replayed);
 * the decisions, jobs and events as the API shows them; explain and config reload.
 */
class PipelineApiTest {
    /** An admin: these tests replay jobs, complete studies and reload the config. */
    private String token;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private Gateway gateway;
    private StorescpVendor vendor;
    private Path routesFile;

    @BeforeEach
    void start() throws Exception {
        vendor = StorescpVendor.start(Files.createDirectories(tmp.resolve("vendor")), "VENDOR");
        Files.writeString(tmp.resolve("algorithms.yaml"), algorithms(vendor.port(), StorescpVendor.freePort()));
        routesFile = Files.writeString(tmp.resolve("routes.yaml"), ROUTES);
        Path config = Files.writeString(tmp.resolve("varde.yaml"), """
                dicom:
                  allowedCallers: ["VARDE_SCU@127.0.0.1"]   # varde send's default calling AE
                storage:
                  dir: storage
                  fsync: false
                routing:
                  algorithms: algorithms.yaml
                  routes: routes.yaml
                completion:
                  defaultIdleSeconds: 3600
                jobs:
                  maxAttempts: 1
                node:
                  id: api-test-node
                """);
        GatewayConfig loaded = ConfigLoader.load(config);
        GatewayConfig ephemeral = loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0));
        vertx = Vertx.vertx();
        gateway = Gateway.start(vertx, ephemeral).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        token = gateway.tokens().create("pipeline-api-test", Role.ADMIN, "test");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vendor.close();
        }
    }

    private static String algorithms(int vendorPort, int deadPort) {
        return TestCatalogue.of(
                TestCatalogue.dicomAlgorithm("ct-test", "{modalities: [CT]}", vendorPort, "VENDOR", 30),
                TestCatalogue.dicomAlgorithm("ct-unreachable", "{modalities: [CT]}", deadPort, "GONE", 5),
                TestCatalogue.dicomAlgorithm("cxr-adult", "{modalities: [DX, CR], minAgeYears: 18}", vendorPort,
                        "VENDOR", 30));
    }

    private static final String ROUTES = """
            routes:
              - name: ct-all
                match: {attribute: Modality, equals: CT}
                algorithms: [ct-test]
                mode: clinical
              - name: ct-gone
                match: {attribute: Modality, equals: CT}
                algorithms: [ct-unreachable]
                mode: clinical
              - name: chest-xr
                match: {attribute: Modality, in: [DX, CR]}
                algorithms: [cxr-adult]
                mode: clinical
            """;

    @Test
    void explicitCompletionRoutesOnceAndTheApiShowsDecisionsJobsAndEvents() throws Exception {
        String study = sendCtStudy(11);
        JsonObject assembling = json(get("/api/studies/" + study), 200);
        assertEquals("ASSEMBLING", assembling.getJsonObject("completion").getString("state"));
        assertEquals(0, assembling.getJsonArray("jobs").size(), "nothing routed before completion");

        JsonObject completed = json(post("/api/studies/" + study + "/complete", ""), 200);
        assertEquals("COMPLETED", completed.getString("outcome"));
        assertEquals(409, post("/api/studies/" + study + "/complete", "").statusCode(), "a study completes once");
        assertEquals(404, post("/api/studies/1.2.3.999/complete", "").statusCode());
        assertEquals(400, post("/api/studies/1..2/complete", "").statusCode());

        assertTrue(Poll.untilIo(WAIT, () -> jobStates(study).equals(Set.of("WAITING_RESULT", "DEAD_LETTER"))),
                "one job dispatched and waiting for its result, one dead-lettered: " + get("/api/studies/" + study).body());
        JsonObject routed = json(get("/api/studies/" + study), 200);
        JsonObject completion = routed.getJsonObject("completion");
        assertEquals("COMPLETE", completion.getString("state"));
        assertEquals("API", completion.getString("trigger"), "the explicit completion is named as the trigger");
        assertNotNull(completion.getString("completedAt"));
        assertNotNull(completion.getString("firstReceivedAt"));
        JsonObject send = decision(routed, "ct-test");
        assertEquals("SEND", send.getString("outcome"));
        assertFalse(send.getJsonArray("reasons").isEmpty(), "decisions carry their reasons");
        assertEquals("RULE_MISS", decision(routed, "cxr-adult").getString("outcome"));
        assertNotNull(decision(routed, "cxr-adult").getString("why"));

        JsonObject done = job(routed, "ct-test");
        assertEquals("WAITING_RESULT", done.getString("state"));
        assertTrue(done.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("to")).toList()
                .containsAll(List.of("PENDING", "DISPATCHING", "WAITING_RESULT")), done.encodePrettily());
        assertEquals(sopInstanceUidsSent, vendor.heldSopInstanceUids(), "the vendor holds the study");

        JsonArray doneJobs = new JsonArray(get("/api/jobs?state=WAITING_RESULT").body());
        assertTrue(doneJobs.stream().anyMatch(j -> done.getString("id").equals(((JsonObject) j).getString("id"))));
        JsonObject unknownState = json(get("/api/jobs?state=FINISHED"), 400);
        assertTrue(unknownState.getString("error").contains("DEAD_LETTER"), "names the valid states: " + unknownState);
        assertEquals(404, get("/api/jobs/no-such-job").statusCode());
        assertFalse(json(get("/api/jobs/" + done.getString("id")), 200).getJsonArray("events").isEmpty());
        assertEquals(409, post("/api/jobs/" + done.getString("id") + "/retry", "").statusCode(),
                "only DEAD_LETTER is replayed");

        JsonObject dead = job(routed, "ct-unreachable");
        JsonArray deadJobs = new JsonArray(get("/api/jobs?state=DEAD_LETTER").body());
        assertEquals(1, deadJobs.size(), deadJobs.encodePrettily());
        assertNotNull(dead.getString("lastError"));
        JsonObject replayed = json(post("/api/jobs/" + dead.getString("id") + "/retry", ""), 200);
        assertEquals("PENDING", replayed.getString("state"));
        // replayed, it fails again (nobody listens there) and is back in DEAD_LETTER with the event naming the caller
        assertTrue(Poll.untilIo(WAIT, () -> json(get("/api/jobs/" + dead.getString("id")), 200).getJsonArray("events")
                .stream().anyMatch(e -> "token pipeline-api-test".equals(((JsonObject) e).getString("node")))));
        // and the replay is an audit event by that caller
        assertTrue(gateway.auditLog().forStudy(dead.getString("studyInstanceUid")).stream().anyMatch(e ->
                e.entry().action() == org.varde.gateway.audit.AuditAction.JOB_RETRY
                        && e.entry().actor().name().equals("pipeline-api-test")
                        && e.entry().detail().equals("replayed from DEAD_LETTER")), "audited replay");
    }

    @Test
    void explainAnswersForAttributesAndForAJournaledStudyAndSendsNothing() throws Exception {
        JsonObject child = json(post("/api/routes/explain", """
                {"study": {"StudyInstanceUID": "1.2.3.4", "PatientAge": "006Y"},
                 "series": [{"SeriesInstanceUID": "1.2.3.4.1", "Modality": "DX", "BodyPartExamined": "CHEST",
                             "ImageType": ["ORIGINAL", "PRIMARY"]}],
                 "callingAE": "CR_ROOM"}
                """), 200);
        assertTrue(child.getBoolean("dryRun"));
        JsonObject refused = decisionIn(child.getJsonArray("decisions"), "cxr-adult");
        assertEquals("GUARD_REFUSED", refused.getString("outcome"),
                "a child's radiograph never reaches an adults-only product");
        assertTrue(refused.getString("why").contains("PatientAge >= 18"), refused.encodePrettily());

        String study = sendCtStudy(12);
        JsonObject journaled = json(post("/api/routes/explain", "{\"studyInstanceUid\": \"" + study + "\"}"), 200);
        assertEquals("SEND", decisionIn(journaled.getJsonArray("decisions"), "ct-test").getString("outcome"));
        assertEquals(0, json(get("/api/studies/" + study), 200).getJsonArray("jobs").size(), "explain makes no job");
        assertEquals(Set.of(), vendor.heldSopInstanceUids(), "explain sends nothing");

        assertEquals(404, post("/api/routes/explain", "{\"studyInstanceUid\": \"1.2.3.999\"}").statusCode());
        assertEquals(400, post("/api/routes/explain", "{\"studyInstanceUid\": \"../etc\"}").statusCode());
        assertEquals(400, post("/api/routes/explain", "not json").statusCode());
        assertEquals(400, post("/api/routes/explain", "{\"series\": {\"Modality\": \"CT\"}}").statusCode());
    }

    @Test
    void uploadedFilesAreExplainedAsRoutesExplainExplainsThemAndNothingIsKept() throws Exception {
        Path ct = tmp.resolve("upload/ct");
        Path cxr = tmp.resolve("upload/cxr");
        StudyGenerator.generate(ct, new GeneratorOptions(StudyKind.CT_THORAX, 1, 31, 3, 64));
        StudyGenerator.generate(cxr, StudyKind.CXR, 1, 32);
        List<Path> ctFiles = files(ct);
        // a file far longer than the head the server keeps: its header is still read whole
        byte[] longFile = Files.readAllBytes(ctFiles.get(0));
        byte[] padded = java.util.Arrays.copyOf(longFile, longFile.length + 3 * 1024 * 1024);
        List<Part> parts = new ArrayList<>();
        for (Path f : ctFiles.subList(1, ctFiles.size())) {
            parts.add(new Part(f.getFileName().toString(), Files.readAllBytes(f)));
        }
        parts.add(new Part("long.dcm", padded));
        for (Path f : files(cxr)) {
            parts.add(new Part(f.getFileName().toString(), Files.readAllBytes(f)));
        }
        parts.add(new Part("notes.txt", "not DICOM".getBytes()));
        int studiesBefore = new JsonArray(get("/api/studies").body()).size();

        JsonObject answer = json(postFiles(parts), 200);
        assertTrue(answer.getBoolean("dryRun"));
        JsonArray studies = answer.getJsonArray("studies");
        assertEquals(2, studies.size(), answer.encodePrettily());
        assertEquals(1, answer.getJsonArray("skipped").size(), answer.encodePrettily());
        assertEquals("notes.txt", answer.getJsonArray("skipped").getJsonObject(0).getString("file"));
        for (Path folder : List.of(ct, cxr)) {
            Path configFile = tmp.resolve("varde.yaml");
            String printed = cli("routes", "explain", folder.toString(), "--config", configFile.toString(), "--json");
            JsonArray expected = new JsonArray(printed);
            String uid = DicomFiles.header(files(folder).get(0)).getString(Tag.StudyInstanceUID);
            JsonObject study = studies.stream().map(o -> (JsonObject) o)
                    .filter(o -> uid.equals(o.getString("studyInstanceUid"))).findFirst().orElseThrow();
            assertEquals(expected, study.getJsonArray("decisions"), "the upload explains as routes explain --json does");
            assertEquals(404, get("/api/studies/" + uid).statusCode(), "an uploaded study is not journaled");
        }
        assertEquals("SEND", decisionIn(studies.getJsonObject(0).getJsonArray("decisions"), "ct-test").getString("outcome"));
        assertEquals(studiesBefore, new JsonArray(get("/api/studies").body()).size(), "nothing is kept");
        assertEquals(Set.of(), vendor.heldSopInstanceUids(), "nothing is sent");

        JsonObject nothing = json(postFiles(List.of(new Part("notes.txt", "not DICOM".getBytes()))), 400);
        assertTrue(nothing.getString("error").contains("notes.txt"), nothing.encodePrettily());
        HttpResponse<String> json = http.send(request("/api/routes/explain/files").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, json.statusCode(), json.body());
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.httpPort() + "/api/routes/explain/files")).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    private record Part(String name, byte[] bytes) {
    }

    private HttpResponse<String> postFiles(List<Part> parts) throws Exception {
        String boundary = "varde-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Part p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + p.name()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes());
            body.writeBytes(p.bytes());
            body.writeBytes("\r\n".getBytes());
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes());
        return http.send(request("/api/routes/explain/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> files(Path folder) throws Exception {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String cli(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(original);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void reloadRefusesAnInvalidConfigKeepsTheOldOneAndReportsWhatChanged() throws Exception {
        JsonArray algorithms = new JsonArray(get("/api/algorithms").body());
        assertEquals(3, algorithms.size());
        assertEquals("IIa", algorithms.getJsonObject(0).getString("ceClass"));
        assertEquals("TEST-ct-test", algorithms.getJsonObject(0).getString("certificateId"));
        assertTrue(json(get("/api/health"), 200).getJsonObject("config").getBoolean("ok"));

        Files.writeString(routesFile,
                ROUTES + "  - name: broken\n    algorithms: [no-such-product]\n    mode: clinical\n");
        JsonObject refused = json(post("/api/config/reload", ""), 422);
        assertTrue(refused.getString("error").contains("no-such-product"), refused.encodePrettily());
        JsonObject health = json(get("/api/health"), 200);
        assertFalse(health.getJsonObject("config").getBoolean("ok"), "health shows the refused reload: " + health);
        assertEquals(3, gateway.routing().routes().routes().size(), "the old routes stay in force");

        Files.writeString(routesFile, ROUTES + """
                  - name: ct-shadow
                    match: {attribute: Modality, equals: CT}
                    algorithms: [ct-test]
                    mode: shadow
                """);
        JsonObject applied = json(post("/api/config/reload", ""), 200);
        assertEquals(new JsonArray().add("ct-shadow"), applied.getJsonObject("changed").getJsonArray("routesAdded"));
        assertTrue(json(get("/api/health"), 200).getJsonObject("config").getBoolean("ok"));
        assertEquals(4, gateway.routing().routes().routes().size());
    }

    // --- helpers ---

    private final Set<String> sopInstanceUidsSent = new HashSet<>();

    private String sendCtStudy(long seed) throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("ct-" + seed),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 3, 16));
        Set<String> studies = new HashSet<>();
        for (Path file : files) {
            studies.add(DicomFiles.header(file).getString(Tag.StudyInstanceUID));
            sopInstanceUidsSent.add(DicomFiles.header(file).getString(Tag.SOPInstanceUID));
        }
        assertEquals(0, Main.run("send", tmp.resolve("ct-" + seed).toString(),
                "--to", "127.0.0.1:" + gateway.dicomPort(),
                "--aet", gateway.config().dicom().aeTitle()));
        assertEquals(1, studies.size());
        return studies.iterator().next();
    }

    private Set<String> jobStates(String study) throws Exception {
        Set<String> states = new HashSet<>();
        json(get("/api/studies/" + study), 200).getJsonArray("jobs")
                .forEach(j -> states.add(((JsonObject) j).getString("state")));
        return states;
    }

    private static JsonObject decision(JsonObject study, String algorithm) {
        return decisionIn(study.getJsonArray("routingDecisions"), algorithm);
    }

    private static JsonObject decisionIn(JsonArray decisions, String algorithm) {
        List<JsonObject> found = new ArrayList<>();
        decisions.forEach(d -> {
            if (algorithm.equals(((JsonObject) d).getString("algorithm"))) {
                found.add((JsonObject) d);
            }
        });
        assertEquals(1, found.size(), algorithm + " in " + decisions.encodePrettily());
        return found.get(0);
    }

    private static JsonObject job(JsonObject study, String algorithm) {
        for (Object j : study.getJsonArray("jobs")) {
            if (algorithm.equals(((JsonObject) j).getString("algorithm"))) {
                return (JsonObject) j;
            }
        }
        throw new AssertionError("no job for " + algorithm + ": " + study.encodePrettily());
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
    }
}
