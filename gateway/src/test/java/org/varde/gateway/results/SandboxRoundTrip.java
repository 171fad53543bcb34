package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.JobWaits;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.Finding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running gateway whose catalogue holds one DICOM round-trip algorithm, {@code lung-nodules}, played
 * by the sandbox DICOM vendor running its nodule detector on what it receives; studies are sent to
 * the gateway by dcmtk storescu. Real sockets all the way.
 */
final class SandboxRoundTrip implements AutoCloseable {
    static final String ALGORITHM = "lung-nodules";
    static final String APPROVED = "2.1.0";
    static final Duration WAIT = Duration.ofSeconds(120);

    /**
     * @param pseudonymize         the catalogue's {@code privacy.pseudonymize}
     * @param resultTimeoutSeconds how long the job waits for the vendor's result
     * @param maxAttempts          attempts before the dead letter
     * @param timeoutSeconds       the dispatch's own timeout
     */
    record Setup(boolean pseudonymize, int resultTimeoutSeconds, int maxAttempts, int timeoutSeconds) {
        static Setup plain() {
            return new Setup(false, 60, 1, 60);
        }

        Setup pseudonymizing() {
            return new Setup(true, resultTimeoutSeconds, maxAttempts, timeoutSeconds);
        }

        Setup resultTimeout(int seconds) {
            return new Setup(pseudonymize, seconds, maxAttempts, timeoutSeconds);
        }

        Setup attempts(int attempts) {
            return new Setup(pseudonymize, resultTimeoutSeconds, attempts, timeoutSeconds);
        }

        Setup dispatchTimeout(int seconds) {
            return new Setup(pseudonymize, resultTimeoutSeconds, maxAttempts, seconds);
        }
    }

    final Path dir;
    final Vertx vertx;
    final SandboxDicomVendor vendor;
    final Gateway gateway;
    /** How the vendor answers: detecting nodules, properly (change it with {@link #answer(ResultsAnswer.Misbehaviour)}). */
    final ResultsAnswer answer;

    private SandboxRoundTrip(Path dir, Vertx vertx, SandboxDicomVendor vendor, Gateway gateway, ResultsAnswer answer) {
        this.dir = dir;
        this.vertx = vertx;
        this.vendor = vendor;
        this.gateway = gateway;
        this.answer = answer;
    }

    /** The vendor detects and answers, misbehaving as told. */
    void answer(ResultsAnswer.Misbehaviour how) {
        vendor.answering(answer.misbehaving(how));
    }

    static SandboxRoundTrip start(Path dir, Setup setup) throws Exception {
        Vertx vertx = Vertx.vertx();
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx).spoolDir(Files.createDirectories(dir.resolve("vendor-spool")));
        int vendorPort = await(vendor.listen("PULMOSPOT", "127.0.0.1", 0));
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: %s
                    vendor: Sandbox
                    product: PulmoSpot
                    approvedVersion: "%s"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: %d
                    resultTimeoutSeconds: %d
                    privacy: {pseudonymize: %s}
                """.formatted(ALGORITHM, APPROVED, vendorPort, setup.timeoutSeconds(), setup.resultTimeoutSeconds(),
                setup.pseudonymize()));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [%s]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """.formatted(ALGORITHM));
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: sandbox-round-trip}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: %d, backoffBaseSeconds: 1, backoffCapSeconds: 2}
                """.formatted(setup.maxAttempts()));
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        Gateway gateway = await(Gateway.start(vertx, config));
        ResultsAnswer answer = ResultsAnswer.detecting(Finding.NODULE, "127.0.0.1", gateway.dicomPort(),
                "VARDE_RESULTS", "PULMOSPOT", "PulmoSpot", APPROVED);
        vendor.answering(answer);
        return new SandboxRoundTrip(dir, vertx, vendor, gateway, answer);
    }

    /** dcmtk storescu sends every .dcm file under {@code folder} (not the ground truth beside them) to the gateway. */
    void send(Path folder) throws Exception {
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r", "+sp", "*.dcm",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, sent.exitCode(), sent.output());
    }

    /**
     * The one job of {@code studyUid} once its result is recorded: RESULT_RECEIVED, or a later state
     * of the delivery (the results stage hands over from there).
     */
    Job awaitResult(String studyUid) {
        return awaitJob(studyUid, j -> AFTER_RESULT.contains(j.state())
                && !gateway.results().forJob(j.id()).isEmpty(), "with its result recorded");
    }

    private static final java.util.Set<JobState> AFTER_RESULT = java.util.EnumSet.of(JobState.RESULT_RECEIVED,
            JobState.DELIVERING, JobState.DONE);

    /** The one job of {@code studyUid}, once it is in {@code state}. */
    Job awaitJob(String studyUid, JobState state) {
        return awaitJob(studyUid, j -> j.state() == state, "in " + state);
    }

    Job awaitJob(String studyUid, Predicate<Job> condition, String what) {
        return JobWaits.awaitJob(gateway.jobStore(), studyUid, WAIT, condition, what);
    }

    static List<Path> dicomFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    static String studyUid(Path folder) throws Exception {
        return DicomFiles.header(dicomFiles(folder).get(0)).getString(Tag.StudyInstanceUID);
    }

    /** The job's history as one text: each state change and its detail. */
    String history(Job job) {
        StringBuilder text = new StringBuilder();
        gateway.jobStore().events(job.id()).forEach(e -> text.append(e.from()).append(" -> ").append(e.to())
                .append(": ").append(e.detail()).append('\n'));
        return text.toString();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            await(gateway.stop());
        } finally {
            await(vendor.close());
            await(vertx.close());
        }
    }
}
