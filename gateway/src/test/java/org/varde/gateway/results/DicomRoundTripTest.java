package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.net.StoreOutcome;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.orchestration.RecordedDecision;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.JobWaits;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.ResultsAnswer.Misbehaviour;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOM round trip end to end over real sockets: dcmtk storescu sends a CT study to the gateway,
 * it is routed to the sandbox lung-nodule vendor (Varde's own storage SCP in test-data), which answers
 * with a TID 1500 SR by C-STORE to Varde's results AE title; and each way the vendor can misbehave
 * ends the job in the right state with a clear message.
 */
class DicomRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String APPROVED = "2.1.0";

    @TempDir
    Path dir;
    private Vertx vertx;
    private SandboxDicomVendor vendor;
    private Gateway gateway;
    private Path study;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        vendor = new SandboxDicomVendor(vertx);
        study = dir.resolve("ct");
        StudyGenerator.generate(study, new GeneratorOptions(StudyKind.CT_THORAX, 1, 71, 4, 64));
    }

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vendor.close());
        await(vertx.close());
    }

    private void start(Misbehaviour misbehaviour, int resultTimeoutSeconds) throws Exception {
        int vendorPort = await(vendor.listen("PULMOSPOT", "127.0.0.1", 0));
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Sandbox
                    product: PulmoSpot
                    approvedVersion: "%s"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: %d
                """.formatted(APPROVED, vendorPort, resultTimeoutSeconds));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """);
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: round-trip}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """);
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
        vendor.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "PULMOSPOT",
                "PulmoSpot", APPROVED, List.of(new ReportedFinding(new BigDecimal("8.5"))), misbehaviour));
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), study.toString()), dir);
        assertEquals(0, sent.exitCode(), sent.output());
    }

    @Test
    void theVendorsSrBecomesTheJobsResultAndIsNeverTakenForAStudy() throws Exception {
        start(Misbehaviour.NONE, 60);
        String studyUid = studyUid();

        // no outputs configured: the result is handed to delivery, which has nothing to do, and the job ends
        Job job = awaitJob(studyUid, JobState.DONE);
        List<String> path = gateway.jobStore().events(job.id()).stream().map(e -> e.to().name()).toList();
        assertTrue(path.containsAll(List.of("WAITING_RESULT", "RESULT_RECEIVED", "DELIVERING", "DONE")), path.toString());

        StoredResult result = gateway.results().forJob(job.id()).get(0);
        assertEquals(ResultState.RECEIVED, result.state());
        assertEquals("positive", result.verdict());
        assertEquals(APPROVED, result.reportedVersion());
        assertEquals("PulmoSpot", result.reportedName());
        var finding = result.result().getJsonArray("findings").getJsonObject(0);
        assertEquals("27925004", finding.getJsonObject("code").getString("value"));
        assertEquals("39607008", finding.getJsonObject("bodySite").getString("value"));
        var measurement = finding.getJsonArray("measurements").getJsonObject(0);
        assertEquals("8.5", measurement.getString("value"));
        assertEquals("mm", measurement.getString("unit"));
        assertFalse(finding.getJsonArray("references").getJsonObject(0).getString("seriesInstanceUid").isEmpty(),
                "the image reference's series is found in the evidence");

        // the SR is kept for audit in the results area and journaled with the job...
        List<ResultObject> objects = gateway.results().objects(job.id());
        assertEquals(1, objects.size());
        Attributes sentReport = vendor.reportsSent().get(0);
        String srUid = sentReport.getString(Tag.SOPInstanceUID);
        assertEquals(srUid, objects.get(0).sopInstanceUid());
        assertEquals(result.id(), objects.get(0).resultIdOrNull());
        Path kept = gateway.spool().resolve(objects.get(0).spoolPath());
        assertEquals(srUid, DicomFiles.header(kept).getString(Tag.SOPInstanceUID));
        // ...and never ingested, assembled or routed as a study: no instance row, no second generation
        assertTrue(gateway.journal().instance(srUid).isEmpty(), "the SR is not an instance of the study");
        assertEquals(studyFileCount(), gateway.journal().instancesOfStudy(studyUid).size(),
                "the study holds exactly the instances the modality sent");
        List<RecordedDecision> decisions = await(gateway.decisions(studyUid));
        assertTrue(decisions.stream().allMatch(d -> d.generation() == decisions.get(0).generation()),
                "the study was routed once: " + decisions);
        assertEquals(1, gateway.jobStore().forStudy(studyUid).size());
    }

    @Test
    void aPatientIdWithANulInsideStillMatchesTheStudysOwnResult() throws Exception {
        // the journal keeps a NUL as a space (PostgreSQL cannot hold it); the vendor's SR repeats the
        // Patient ID byte for byte: the two must still be the same patient
        rewritePatientId("SANDBOX\0PAT");
        start(Misbehaviour.NONE, 60);

        Job job = awaitJob(studyUid(), JobState.DONE);

        assertEquals("SANDBOX\0PAT", vendor.reportsSent().get(0).getString(Tag.PatientID), "the SR carries the NUL");
        assertEquals(ResultState.RECEIVED, gateway.results().forJob(job.id()).get(0).state());
    }

    /** Every file of the study with this Patient ID, in its own transfer syntax. */
    private void rewritePatientId(String patientId) throws Exception {
        try (var files = Files.walk(study)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".dcm")).toList()) {
                Attributes ds;
                org.varde.dicom.data.TransferSyntax ts;
                try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                    org.varde.dicom.data.Part10File header = org.varde.dicom.data.Part10.readHeader(in);
                    ts = header.transferSyntax();
                    ds = new org.varde.dicom.data.DicomReader(in, ts).readDataSet();
                }
                ds.setString(Tag.PatientID, org.varde.dicom.data.VR.LO, patientId);
                org.varde.dicom.data.Part10.writeFile(file, ds, ts);
            }
        }
    }

    @Test
    void aResultOfAnotherAlgorithmVersionIsQuarantinedAndCounted() throws Exception {
        start(Misbehaviour.OTHER_VERSION, 60);

        Job job = awaitJob(studyUid(), JobState.QUARANTINED);

        StoredResult result = gateway.results().forJob(job.id()).get(0);
        assertEquals(ResultState.QUARANTINED, result.state());
        assertEquals(APPROVED + "-unapproved", result.reportedVersion());
        assertEquals(List.of(result.id()), gateway.results().list(ResultState.QUARANTINED, "lung-nodules", 10)
                .stream().map(StoredResult::id).toList());
        // counted just after the job moved: wait for it rather than race it
        assertTrue(Poll.until(WAIT, () -> gateway.metrics().registry().scrape()
                .contains("varde_results_quarantined_total{algorithm=\"lung-nodules\"} 1.0")),
                gateway.metrics().registry().scrape());
    }

    @Test
    void aResultForAnotherStudyIsRefusedAndTheJobTimesOut() throws Exception {
        start(Misbehaviour.WRONG_STUDY, 3);

        Job job = awaitJob(studyUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("timeout: no result from lung-nodules within 3 s"), job.lastError());
        assertTrue(Poll.until(WAIT, () -> !vendor.resultsSent().isEmpty()), "the vendor got Varde's answer");
        StoreOutcome answer = vendor.resultsSent().get(0);
        assertEquals(0x0110, answer.statusOrNull().code(), "the vendor was told its result matches nothing");
        assertTrue(gateway.results().forJob(job.id()).isEmpty(), "nothing kept from it");
    }

    @Test
    void anSrThatIsNoMeasurementReportIsRefusedWithTheReasonInTheJobsHistory() throws Exception {
        start(Misbehaviour.GARBAGE, 60);

        Job job = awaitJob(studyUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("result refused: SR ") && job.lastError()
                .contains("not a TID 1500 Imaging Measurement Report"), job.lastError());
        assertTrue(Poll.until(WAIT, () -> !vendor.resultsSent().isEmpty()), "the vendor got Varde's answer");
        assertEquals(0xC000, vendor.resultsSent().get(0).statusOrNull().code());
        assertTrue(gateway.results().forJob(job.id()).isEmpty());
    }

    @Test
    void aVendorThatNeverAnswersEndsInATimeout() throws Exception {
        start(Misbehaviour.SILENT, 2);

        Job job = awaitJob(studyUid(), JobState.DEAD_LETTER);

        assertTrue(job.lastError().startsWith("timeout: no result from lung-nodules within 2 s"), job.lastError());
        assertTrue(vendor.stored() > 0, "the vendor had the study");
        assertTrue(vendor.resultsSent().isEmpty());
    }

    private long studyFileCount() throws Exception {
        try (var files = Files.walk(study)) {
            return files.filter(p -> p.toString().endsWith(".dcm")).count();
        }
    }

    private String studyUid() throws Exception {
        try (var files = Files.walk(study)) {
            Path first = files.filter(p -> p.toString().endsWith(".dcm")).findFirst().orElseThrow();
            return DicomFiles.header(first).getString(Tag.StudyInstanceUID);
        }
    }

    private Job awaitJob(String studyUid, JobState state) {
        return JobWaits.awaitJob(gateway.jobStore(), studyUid, WAIT, state);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
