package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.rest.RestMisbehaviour;
import org.varde.testdata.sandbox.rest.SandboxRestVendor;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST/JSON path end to end over real sockets: dcmtk storescu sends generated wrist radiographs
 * (one with a planted fracture, one without) to the gateway, which posts each to the sandbox fracture
 * vendor (multipart, Idempotency-Key, bearer token); the vendor runs its detector on what it received
 * and calls back (webhook) or lets itself be polled; the gateway fetches its JSON, maps it with the
 * catalogue's JSON Pointers, and the normalised result must match the ground truth. Then each way the
 * vendor can misbehave, an outage that drains without duplicates, and the webhook's authentication.
 */
class RestRoundTripTest {
    /** Long enough for the dispatcher's circuit breaker to cool down (30 s) after an outage, on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APPROVED = "1.4.0";
    private static final String TOKEN = "sandbox-token-7f3a";

    @TempDir
    Path dir;
    private Vertx vertx;
    private SandboxRestVendor vendor;
    private Gateway gateway;
    private int httpPort;
    private String mapping = MAPPING;
    private String privacy = "";
    /** An extra line of the endpoint block, such as {@code upload: zip}. */
    private String endpointExtra = "";

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        vendor = new SandboxRestVendor(vertx, Files.createDirectories(dir.resolve("vendor")), "FractureFinder",
                APPROVED, TOKEN);
        await(vendor.listen("127.0.0.1", 0));
        Files.writeString(dir.resolve("vendor.token"), TOKEN + "\n");
        try (ServerSocket free = new ServerSocket(0)) {
            httpPort = free.getLocalPort();
        }
    }

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vendor.close());
        await(vertx.close());
    }

    /** The catalogue entry's mapping: the vendor's own JSON shape to Varde's result model. */
    static final String MAPPING = SandboxRestVendor.CATALOGUE_MAPPING.indent(6);

    private void start(String delivery, int resultTimeoutSeconds, int maxAttempts) throws Exception {
        String callback = delivery.equals("webhook")
                ? "callbackBaseUrl: http://127.0.0.1:" + httpPort + "/api/callbacks/\n" : "pollIntervalSeconds: 1\n";
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: wrist-fracture
                    vendor: Sandbox Radiology
                    product: FractureFinder
                    approvedVersion: "%s"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-3
                    intendedUse: {modalities: [DX]}
                    timeoutSeconds: 30
                    resultTimeoutSeconds: %d
                    endpoint:
                      protocol: rest
                      url: %s
                      auth: {bearerTokenFile: vendor.token}
                      result: %s
                      %s
                """.formatted(APPROVED, resultTimeoutSeconds, vendor.jobsUrl(), delivery,
                callback.strip()) + endpointExtra + mapping + privacy);
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: wrist
                    match: {attribute: Modality, equals: DX}
                    algorithms: [wrist-fracture]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """);
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                http: {bind: 127.0.0.1, port: %d}
                storage: {dir: ./var}
                node: {id: rest-round-trip}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: %d, backoffBaseSeconds: 1, backoffCapSeconds: 2}
                """.formatted(httpPort, maxAttempts));
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0));
        gateway = await(Gateway.start(vertx, config));
    }

    /** Generates {@code studies} wrist studies (every other one with a fracture) and sends them; their truths. */
    private List<GroundTruth> send(int studies, double positiveRate) throws Exception {
        Path out = dir.resolve("studies-" + System.nanoTime());
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.WRIST, studies, 11, 0, 384)
                .planting(new PlantOptions(Finding.FRACTURE, 0, positiveRate)));
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE",
                "127.0.0.1", String.valueOf(gateway.dicomPort())));
        try (var files = Files.walk(out)) {
            // the ground truth files beside the studies are not DICOM
            files.filter(f -> f.toString().endsWith(".dcm")).sorted().forEach(f -> command.add(f.toString()));
        }
        Processes.Result sent = Processes.run(command, dir);
        assertEquals(0, sent.exitCode(), sent.output());
        List<GroundTruth> truths = new ArrayList<>();
        for (int i = 1; i <= studies; i++) {
            truths.add(GroundTruth.read(GroundTruth.fileOf(out.resolve(Integer.toString(i)))));
        }
        return truths;
    }

    @Test
    void webhookResultsMatchTheGroundTruth() throws Exception {
        start("webhook", 60, 1);
        List<GroundTruth> truths = send(2, 0.5);

        for (GroundTruth truth : truths) {
            assertMatches(truth, awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED));
        }
        assertEquals(List.of(202, 202), vendor.callbackAnswers(), "Varde accepted both callbacks");
        JsonObject sentJob = vendor.jobDocuments().get(0);
        assertTrue(sentJob.getJsonObject("callback").getString("url").startsWith("http://127.0.0.1:" + httpPort
                + "/api/callbacks/"), sentJob.encode());
    }

    @Test
    void polledResultsMatchTheGroundTruth() throws Exception {
        start("poll", 60, 1);
        List<GroundTruth> truths = send(2, 0.5);

        for (GroundTruth truth : truths) {
            assertMatches(truth, awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED));
        }
        assertTrue(vendor.callbackAnswers().isEmpty(), "a polled vendor is not asked to call back");
        assertNull(vendor.jobDocuments().get(0).getJsonObject("callback"));
    }

    @Test
    void aZipUploadCarriesEveryInstanceAndTheVendorDetectsFromIt() throws Exception {
        endpointExtra = "      upload: zip\n";
        start("poll", 60, 1);
        List<GroundTruth> truths = send(2, 0.5);

        for (GroundTruth truth : truths) {
            assertMatches(truth, awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED));
        }
        assertEquals(2, vendor.zipsReceived(), "each job's instances came as one ZIP part");
        int announced = vendor.jobDocuments().stream().mapToInt(j -> j.getInteger("instances")).sum();
        assertTrue(announced >= 2, "the job documents say how many instances: " + vendor.jobDocuments());
        assertEquals(announced, vendor.instancesReceived(), "every instance Varde sent was in the archives");
        assertEquals("zip", gateway.routing().catalogue().find("wrist-fracture").orElseThrow().endpoint().settings()
                .get("upload"));
    }

    /** The normalised result says what the ground truth says, and the vendor's JSON is kept as received. */
    private void assertMatches(GroundTruth truth, Job job) throws Exception {
        StoredResult result = gateway.results().forJob(job.id()).get(0);
        assertEquals(ResultState.RECEIVED, result.state());
        assertEquals("rest", result.protocol());
        assertEquals("FractureFinder", result.reportedName());
        assertEquals(APPROVED, result.reportedVersion());
        JsonObject normalised = result.result();
        if (truth.present()) {
            assertEquals("positive", result.verdict(), normalised.encode());
            assertEquals("urgent", normalised.getString("suggestedPriority"), normalised.encode());
            JsonObject finding = normalised.getJsonArray("findings").getJsonObject(0);
            assertEquals("125605004", finding.getJsonObject("code").getString("value"));
            assertEquals("SCT", finding.getJsonObject("code").getString("scheme"), finding.encode());
            assertEquals("74670003", finding.getJsonObject("bodySite").getString("value"));
            JsonObject length = finding.getJsonArray("measurements").getJsonObject(0);
            assertEquals("mm", length.getString("unit"));
            double mm = Double.parseDouble(length.getString("value"));
            assertTrue(Math.abs(mm - truth.diameterMm()) <= Math.max(3, truth.diameterMm() * 0.3),
                    "measured " + mm + " mm, planted " + truth.diameterMm() + " mm");
            JsonObject image = finding.getJsonArray("references").getJsonObject(0);
            assertEquals(truth.location().seriesInstanceUid(), image.getString("seriesInstanceUid"));
            assertEquals(truth.location().sopInstanceUid(), image.getString("sopInstanceUid"));
        } else {
            assertEquals("negative", result.verdict(), normalised.encode());
            assertTrue(normalised.getJsonArray("findings").isEmpty(), normalised.encode());
        }
        List<ResultObject> kept = gateway.results().objects(job.id());
        assertEquals(1, kept.size());
        assertEquals("application/json", kept.get(0).mediaType());
        assertEquals(result.id(), kept.get(0).resultIdOrNull());
        JsonObject raw = new JsonObject(Files.readString(gateway.spool().resolve(kept.get(0).spoolPath())));
        assertEquals("sandbox-fracturefinder/1", raw.getString("format"), "the vendor's own document, as received");
    }

    @Test
    void aResultThatDoesNotFitTheMappingIsRefusedNamingThePlace() throws Exception {
        mapping = MAPPING.replace("algorithmVersion: /model/version", "algorithmVersion: /model/release");
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertEquals("result refused: the vendor's result does not fit the catalogue's mapping: /model/release:"
                + " expected a value, found nothing", job.lastError());
        assertEquals(1, gateway.results().objects(job.id()).size(), "the document is kept as received");
    }

    /** A pseudonymising contract: the vendor sees pseudonyms only, the result Varde keeps the originals. */
    @Test
    void aPseudonymisedResultIsReidentified() throws Exception {
        privacy = "    privacy: {pseudonymize: true}\n";
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 1).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED);

        String seen = vendor.jobDocuments().get(0).getJsonObject("study").getString("studyInstanceUid");
        assertFalse(seen.equals(truth.studyInstanceUid()), "the vendor was sent a pseudonym, not " + seen);
        assertMatches(truth, job);
        assertEquals(truth.studyInstanceUid(), gateway.results().forJob(job.id()).get(0).result()
                .getString("studyInstanceUid"));
    }

    @Test
    void http500IsDeadLetteredWithTheStatusAndTheVendorsWords() throws Exception {
        vendor.misbehave(RestMisbehaviour.HTTP_500);
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().contains("answered HTTP 500") && job.lastError()
                .contains("NullPointerException in JobController"), job.lastError());
    }

    @Test
    void aVendorThatHangsEndsInATimeout() throws Exception {
        vendor.misbehave(RestMisbehaviour.HANG);
        start("poll", 3, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("timeout: no result from wrist-fracture within 3 s"), job.lastError());
        assertEquals(1, vendor.jobDocuments().size(), "the vendor had the job");
    }

    @Test
    void aSlowVendorStillDeliversWithinItsDeadline() throws Exception {
        vendor.misbehave(RestMisbehaviour.SLOW).slowBy(Duration.ofSeconds(3));
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 1).get(0);

        assertMatches(truth, awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED));
    }

    @Test
    void garbageIsRefusedWithTheReasonAndKeptForAudit() throws Exception {
        vendor.misbehave(RestMisbehaviour.GARBAGE);
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("result refused: the vendor's result is not valid JSON"),
                job.lastError());
        assertTrue(gateway.results().forJob(job.id()).isEmpty(), "no result made of it");
        List<ResultObject> kept = gateway.results().objects(job.id());
        assertEquals(1, kept.size(), "the document is kept as received");
        assertNull(kept.get(0).resultIdOrNull());
        assertTrue(Files.readString(gateway.spool().resolve(kept.get(0).spoolPath())).startsWith("<html>"));
    }

    @Test
    void aTruncatedResultIsRefused() throws Exception {
        vendor.misbehave(RestMisbehaviour.TRUNCATED);
        start("poll", 60, 1);
        GroundTruth truth = send(1, 1).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("result refused: the vendor's result is not valid JSON"),
                job.lastError());
    }

    @Test
    void aResultAboutAnotherStudyIsRefused() throws Exception {
        vendor.misbehave(RestMisbehaviour.WRONG_STUDY);
        start("webhook", 60, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("result refused: the result is about study 2.25.")
                && job.lastError().contains("about " + truth.studyInstanceUid()), job.lastError());
        assertTrue(gateway.results().forJob(job.id()).isEmpty());
    }

    @Test
    void anotherAlgorithmVersionIsQuarantined() throws Exception {
        vendor.misbehave(RestMisbehaviour.OTHER_VERSION);
        start("poll", 60, 1);
        GroundTruth truth = send(1, 0).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.QUARANTINED);

        StoredResult result = gateway.results().forJob(job.id()).get(0);
        assertEquals(ResultState.QUARANTINED, result.state());
        assertEquals(APPROVED + "-unapproved", result.reportedVersion());
    }

    @Test
    void aLostAnswerIsResentWithTheSameKeyAndProcessedOnce() throws Exception {
        vendor.misbehave(RestMisbehaviour.LOSE_FIRST_ANSWER);
        start("webhook", 60, 3);
        GroundTruth truth = send(1, 1).get(0);

        Job job = awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED);

        assertEquals(2, vendor.posts(), "the job was posted twice");
        assertEquals(1, vendor.resends(), "the second POST was recognised by its Idempotency-Key");
        assertEquals(1, vendor.processed(), "and processed once");
        assertEquals(List.of(job.idempotencyKey()), List.copyOf(vendor.processedPerKey().keySet()));
        assertEquals("positive", gateway.results().forJob(job.id()).get(0).verdict());
    }

    @Test
    void anOutageDrainsWithoutDuplicatesWhenTheVendorRecovers() throws Exception {
        vendor.healthy(false);
        start("webhook", 60, 20);
        List<GroundTruth> truths = send(3, 1.0 / 3);
        // each job failed at least once against the outage (then the breaker opens: 5 failures, 30 s)
        assertTrue(Poll.until(WAIT, () -> truths.stream().allMatch(t -> gateway.jobStore().forStudy(
                t.studyInstanceUid()).stream().anyMatch(j -> j.attempts() >= 1))), "every job met the outage");
        assertTrue(vendor.refusedWhileDown() >= 3, "refused " + vendor.refusedWhileDown());
        assertEquals(0, vendor.processed());

        vendor.healthy(true);

        for (GroundTruth truth : truths) {
            Job job = awaitJob(truth.studyInstanceUid(), JobState.RESULT_RECEIVED);
            assertTrue(job.attempts() >= 1, "the job failed during the outage: " + job);
            assertEquals(truth.present() ? "positive" : "negative",
                    gateway.results().forJob(job.id()).get(0).verdict());
        }
        assertEquals(3, vendor.processed(), "each study processed once: " + vendor.processedPerKey());
        assertTrue(vendor.processedPerKey().values().stream().allMatch(n -> n == 1), vendor.processedPerKey().toString());
    }

    @Test
    void theWebhookTakesOnlyTheJobsOwnSecretAndOnlyOnce() throws Exception {
        start("webhook", 60, 1);
        List<GroundTruth> truths = send(2, 0);
        Job first = awaitJob(truths.get(0).studyInstanceUid(), JobState.RESULT_RECEIVED);
        Job second = awaitJob(truths.get(1).studyInstanceUid(), JobState.RESULT_RECEIVED);
        String firstSecret = secretOf(first);
        String body = "{\"state\":\"done\",\"resultUrl\":\"" + vendor.jobsUrl() + "/x/result\"}";

        assertEquals(401, callback(first.id(), null, body), "no credential");
        assertEquals(401, callback(first.id(), "not-the-secret", body), "a wrong secret");
        assertEquals(401, callback(second.id(), firstSecret, body), "another job's secret");
        assertEquals(401, callback("00000000-0000-0000-0000-000000000000", firstSecret, body), "no such job");
        assertEquals(409, callback(first.id(), firstSecret, body), "the secret was used by the vendor already");
        assertEquals(1, gateway.results().forJob(first.id()).size(), "nothing more recorded");
    }

    private String secretOf(Job job) {
        return vendor.jobDocuments().stream()
                .filter(d -> d.getJsonObject("callback").getString("url").endsWith("/" + job.id()))
                .findFirst().orElseThrow().getJsonObject("callback").getString("secret");
    }

    private int callback(String jobId, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/api/callbacks/" + jobId)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The job in {@code state}; RESULT_RECEIVED also when the delivery stage has moved it on (DELIVERING, DONE). */
    private Job awaitJob(String studyUid, JobState state) {
        Job[] last = new Job[1];
        boolean reached = Poll.until(WAIT, () -> {
            List<Job> jobs = gateway.jobStore().forStudy(studyUid);
            last[0] = jobs.isEmpty() ? null : jobs.get(0);
            return jobs.size() == 1 && (last[0].state() == state || state == JobState.RESULT_RECEIVED
                    && (last[0].state() == JobState.DELIVERING || last[0].state() == JobState.DONE));
        });
        assertTrue(reached, "expected the job in " + state + ", was " + last[0]
                + (last[0] == null ? "" : " " + gateway.jobStore().events(last[0].id())));
        assertFalse(last[0] == null);
        return last[0];
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
