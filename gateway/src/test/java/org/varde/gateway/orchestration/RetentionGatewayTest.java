package org.varde.gateway.orchestration;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.Main;
import org.varde.gateway.access.Role;
import org.varde.gateway.cleaner.Cleaner;
import org.varde.gateway.cleaner.PurgeReason;
import org.varde.gateway.cleaner.StudyPurge;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention through the running gateway, against real peers: a CT study sent by dcmtk storescu is
 * dispatched to a vendor (dcmtk storescp) that never answers, so its job waits. {@code GET /api/privacy}
 * (a viewer token) shows the study held, unfinished, going at the hard limit. A cleaner on the
 * gateway's own store and spool, with a clock moved past the hard limit, purges it: no file of it is
 * left in the spool, its identity is gone from the journal, its job is DISCARDED with the reason, the
 * API shows nothing held and one study purged; after a restart (the start-up reconcile) nothing comes
 * back, and {@code ./varde audit verify} finds the chain with the PURGE event intact.
 */
class RetentionGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    Vertx vertx;
    Vendor vendor;
    Gateway gateway;
    Path configFile;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        vendor = new Vendor("PULMOSPOT", dir).start();
        writeConfig();
    }

    @AfterEach
    void close() throws Exception {
        stopGateway();
        PipelineContract.await(vertx.close());
        vendor.close();
    }

    @Test
    void anUnfinishedStudyIsShownHeldAndAfterTheHardLimitNothingOfItRemains() throws Exception {
        start();
        String viewer = gateway.tokens().create("privacy-viewer", Role.VIEWER, "test");
        Path ct = dir.resolve("ct");
        StudyGenerator.generate(ct, new GeneratorOptions(StudyKind.CT_THORAX, 1, 21, 6, 64));
        int sent = PipelineContract.files(ct).size();
        send(ct);
        String study = PipelineContract.studyUid(ct);
        Job job = awaitJob(study, JobState.WAITING_RESULT);
        List<InstanceRecord> before = gateway.journal().instancesOfStudy(study);
        assertEquals(sent, before.size());
        assertNotNull(before.get(0).patientName(), "identity is held while the study is");
        Instant oldest = before.stream().map(InstanceRecord::receivedAt).min(Instant::compareTo).orElseThrow();

        assertEquals(401, get("/api/privacy", null).statusCode(), "not without a token");
        JsonObject held = new JsonObject(get("/api/privacy", viewer).body());
        assertEquals(1, held.getJsonObject("held").getInteger("studies"), held.encodePrettily());
        assertEquals(1, held.getJsonObject("held").getInteger("unfinishedStudies"));
        assertEquals(sent, held.getJsonObject("held").getInteger("instances"));
        assertEquals(spoolFiles().stream().mapToLong(RetentionGatewayTest::size).sum(),
                held.getJsonObject("held").getLong("bytes"), "the bytes the spool's files take");
        JsonObject oldestImage = held.getJsonObject("oldestImage");
        assertEquals(study, oldestImage.getString("studyInstanceUid"));
        assertEquals(oldest, Instant.parse(oldestImage.getString("receivedAt")));
        assertEquals("HARD_LIMIT", oldestImage.getString("goesBecause"), "unfinished: only the hard limit takes it");
        assertEquals(oldest.plus(Duration.ofDays(3)), Instant.parse(oldestImage.getString("goesAt")));
        assertEquals(3 * 86_400, held.getJsonObject("policy").getLong("hardLimitSeconds"), "the config's 3d");
        assertEquals("lung-nodules", held.getJsonObject("policy").getJsonArray("pseudonymisation")
                .getJsonObject(0).getString("algorithm"));
        assertFalse(held.encode().contains(before.get(0).patientName()), "no identity in the answer");

        // the gateway's own cleaner runs on the real clock: nothing is due. One with a clock past the limit:
        MutableClock later = new MutableClock(oldest.plus(Duration.ofDays(3)).plusSeconds(60));
        Cleaner cleaner = new Cleaner(((JdbcJournal) gateway.journal()).dataSource(), gateway.spool(),
                gateway.auditLog(), () -> gateway.config().retention(), () -> 0, gateway.spool()::freeBytes, later,
                "test-node", StudyPurge.Interruption.NONE);
        Cleaner.Run run = cleaner.runOnce();
        assertEquals(1, run.purged().size(), run.toString());
        assertEquals(PurgeReason.HARD_LIMIT, run.purged().get(0).reason());
        assertEquals(sent, run.purged().get(0).filesDeleted());

        assertEquals(List.of(), spoolFiles(), "no image file left below the spool");
        assertTrue(gateway.journal().instancesOfStudy(study).stream().allMatch(i -> i.patientName() == null
                && i.patientId() == null && i.accessionNumber() == null && i.patientBirthDate() == null));
        Job ended = gateway.jobStore().get(job.id()).orElseThrow();
        assertEquals(JobState.DISCARDED, ended.state());
        assertTrue(ended.lastError().startsWith("retention hard limit"), ended.lastError());

        JsonObject after = new JsonObject(get("/api/privacy", viewer).body());
        assertEquals(0, after.getJsonObject("held").getInteger("studies"), after.encodePrettily());
        assertNull(after.getJsonObject("oldestImage"));
        assertEquals(1, after.getJsonObject("purges").getInteger("studiesPurged"));

        stopGateway();
        start(); // the start-up reconcile: a purged instance is not "missing", nothing comes back
        assertEquals(List.of(), spoolFiles());
        assertTrue(gateway.journal().instancesOfStudy(study).stream().noneMatch(InstanceRecord::fileMissing),
                "purged, not missing");
        assertEquals(0, gateway.quarantine().count());
        stopGateway();
        assertTrue(cli("audit", "verify", "--config", configFile.toString()).contains("audit chain intact"));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.walk(gateway.spool().root())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Main.run(args);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void writeConfig() throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Nordlys Diagnostics AS (sandbox)
                    product: PulmoSpot CT
                    approvedVersion: "3.2.0"
                    ceClass: IIa
                    notifiedBody: "NB 9901 Sandbox Certification Body"
                    certificateId: SANDBOX-MDR-9901-0417
                    regulatoryStatus: ce-marked
                    intendedUse:
                      modalities: [CT]
                      bodyParts: [CHEST]
                      minAgeYears: 18
                      minSliceThicknessMm: 0.5
                      maxSliceThicknessMm: 2.5
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                """.formatted(vendor.port));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax-nodules
                    match: {attribute: Modality, equals: CT}
                    series: {attribute: ImageType, equals: AXIAL}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """);
        configFile = dir.resolve("varde.yaml");
        Files.writeString(configFile, """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var, minFreeBytes: 0}
                node: {id: test-node}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                retention: {grace: 1h, hardLimit: 3d, checkInterval: 10s}
                """);
    }

    private void start() throws Exception {
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = PipelineContract.await(Gateway.start(vertx, config));
    }

    private void stopGateway() throws Exception {
        if (gateway != null) {
            PipelineContract.await(gateway.stop());
            gateway = null;
        }
    }

    private void send(Path folder) throws Exception {
        Processes.Result r = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, r.exitCode(), r.output());
    }

    private Job awaitJob(String study, JobState state) {
        Job[] last = new Job[1];
        boolean reached = Poll.until(WAIT, () -> {
            List<Job> jobs = gateway.jobStore().forStudy(study);
            last[0] = jobs.isEmpty() ? null : jobs.get(0);
            return last[0] != null && last[0].state() == state;
        });
        assertTrue(reached, "expected a job in " + state + ", had " + last[0]);
        return last[0];
    }
}
