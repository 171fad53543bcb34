package org.varde.gateway.results;

import io.vertx.core.Vertx;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.JobWaits;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.sandbox.dicomweb.SandboxDicomWebVendor;
import org.varde.testdata.sandbox.dicomweb.WebAnswer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running gateway whose catalogue holds one DICOMweb algorithm, {@code pe-detect}, whose endpoint is
 * either the sandbox DICOMweb vendor (running its PE detector and pushing its SR back to Varde's
 * STOW-RS endpoint with a vendor token) or any other DICOMweb origin server (Orthanc). Studies reach
 * the gateway by dcmtk storescu. Real sockets all the way.
 */
final class DicomWebRoundTrip implements AutoCloseable {
    static final String ALGORITHM = "pe-detect";
    static final String APPROVED = "3.2.0";
    static final Duration WAIT = Duration.ofSeconds(180);

    final Path dir;
    final Vertx vertx;
    Gateway gateway;
    final SandboxDicomWebVendor vendor;
    /** The secret of the {@code vendor} token named after the algorithm. */
    final String vendorToken;

    private DicomWebRoundTrip(Path dir, Vertx vertx, Gateway gateway, SandboxDicomWebVendor vendor, String vendorToken) {
        this.dir = dir;
        this.vertx = vertx;
        this.gateway = gateway;
        this.vendor = vendor;
        this.vendorToken = vendorToken;
    }

    /** With the sandbox vendor as the far end, answering with results. */
    static DicomWebRoundTrip withSandbox(Path dir, int timeoutSeconds, int resultTimeoutSeconds) throws Exception {
        return withSandbox(dir, timeoutSeconds, resultTimeoutSeconds, "");
    }

    /** As above, {@code algorithmExtra} added to the catalogue entry (a privacy block, say). */
    static DicomWebRoundTrip withSandbox(Path dir, int timeoutSeconds, int resultTimeoutSeconds, String algorithmExtra)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        SandboxDicomWebVendor vendor = new SandboxDicomWebVendor(vertx, Files.createDirectories(dir.resolve("vendor-spool")));
        int port = SandboxRoundTrip.await(vendor.listen("127.0.0.1", 0));
        Gateway gateway = startGateway(dir, vertx, "http://127.0.0.1:" + port + SandboxDicomWebVendor.ROOT,
                timeoutSeconds, resultTimeoutSeconds, "", algorithmExtra);
        String token = gateway.tokens().create(ALGORITHM, Role.VENDOR, "test");
        vendor.answering(new WebAnswer(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/dicomweb"), token,
                "PE Sandbox", APPROVED, Duration.ofSeconds(2)));
        return new DicomWebRoundTrip(dir, vertx, gateway, vendor, token);
    }

    /**
     * With the sandbox vendor keeping its results for Varde to poll ({@code results: poll}, every
     * second), {@code algorithmExtra} added to the catalogue entry (a privacy block, say).
     */
    static DicomWebRoundTrip polling(Path dir, int timeoutSeconds, int resultTimeoutSeconds, String algorithmExtra)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        SandboxDicomWebVendor vendor = new SandboxDicomWebVendor(vertx, Files.createDirectories(dir.resolve("vendor-spool")))
                .keepingResults().answering(WebAnswer.kept("PE Sandbox", APPROVED));
        int port = SandboxRoundTrip.await(vendor.listen("127.0.0.1", 0));
        Gateway gateway = startGateway(dir, vertx, "http://127.0.0.1:" + port + SandboxDicomWebVendor.ROOT,
                timeoutSeconds, resultTimeoutSeconds, POLL_EVERY_SECOND, algorithmExtra);
        return new DicomWebRoundTrip(dir, vertx, gateway, vendor, null);
    }

    static final String POLL_EVERY_SECOND = ", results: poll, pollIntervalSeconds: 1";

    /**
     * With the sandbox vendor keeping its results for Varde to poll every {@code pollSeconds}, the
     * gateway's store as {@code storeSection} says (empty: the embedded H2 under the storage dir).
     */
    static DicomWebRoundTrip polling(Path dir, int pollSeconds, String storeSection) throws Exception {
        Vertx vertx = Vertx.vertx();
        SandboxDicomWebVendor vendor = new SandboxDicomWebVendor(vertx, Files.createDirectories(dir.resolve("vendor-spool")))
                .keepingResults().answering(WebAnswer.kept("PE Sandbox", APPROVED));
        int port = SandboxRoundTrip.await(vendor.listen("127.0.0.1", 0));
        writeConfig(dir, "http://127.0.0.1:" + port + SandboxDicomWebVendor.ROOT, 60, 300,
                ", results: poll, pollIntervalSeconds: " + pollSeconds, "", storeSection);
        return new DicomWebRoundTrip(dir, vertx, startNode(dir, vertx, "dicomweb-round-trip"), vendor, null);
    }

    /** Stops the gateway and starts it again on the same configuration, store and spool. */
    void restart() throws Exception {
        SandboxRoundTrip.await(gateway.stop());
        gateway = startNode(dir, vertx, "dicomweb-round-trip");
    }

    /** Another node on this gateway's configuration, store and spool: the caller stops it. */
    Gateway secondNode() throws Exception {
        return startNode(dir, vertx, "dicomweb-node-b");
    }

    private static Gateway startNode(Path dir, Vertx vertx, String nodeId) throws Exception {
        GatewayConfig config = ConfigLoader.load(dir.resolve("varde.yaml"));
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0))
                .withNode(new org.varde.gateway.config.NodeSettings(nodeId));
        return SandboxRoundTrip.await(Gateway.start(vertx, config));
    }

    /** With another DICOMweb origin server (an Orthanc) as the far end: the result is pushed by the test. */
    static DicomWebRoundTrip withVendorAt(Path dir, String url, int resultTimeoutSeconds) throws Exception {
        return withVendorAt(dir, url, resultTimeoutSeconds, "");
    }

    /** As above, with {@code endpointExtra} added to the endpoint block ({@link #POLL_EVERY_SECOND}). */
    static DicomWebRoundTrip withVendorAt(Path dir, String url, int resultTimeoutSeconds, String endpointExtra)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        Gateway gateway = startGateway(dir, vertx, url, 60, resultTimeoutSeconds, endpointExtra, "");
        String token = gateway.tokens().create(ALGORITHM, Role.VENDOR, "test");
        return new DicomWebRoundTrip(dir, vertx, gateway, null, token);
    }

    private static Gateway startGateway(Path dir, Vertx vertx, String url, int timeoutSeconds, int resultTimeoutSeconds)
            throws Exception {
        return startGateway(dir, vertx, url, timeoutSeconds, resultTimeoutSeconds, "", "");
    }

    private static Gateway startGateway(Path dir, Vertx vertx, String url, int timeoutSeconds, int resultTimeoutSeconds,
                                        String endpointExtra, String algorithmExtra) throws Exception {
        writeConfig(dir, url, timeoutSeconds, resultTimeoutSeconds, endpointExtra, algorithmExtra, "");
        GatewayConfig config = ConfigLoader.load(dir.resolve("varde.yaml"));
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        return SandboxRoundTrip.await(Gateway.start(vertx, config));
    }

    private static void writeConfig(Path dir, String url, int timeoutSeconds, int resultTimeoutSeconds,
                                    String endpointExtra, String algorithmExtra, String storeSection) throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: %s
                    vendor: Sandbox
                    product: PE Sandbox
                    approvedVersion: "%s"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-PE-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicomweb, url: "%s", connectTimeoutSeconds: 5%s}
                    timeoutSeconds: %d
                    resultTimeoutSeconds: %d
                %s""".formatted(ALGORITHM, APPROVED, url, endpointExtra, timeoutSeconds, resultTimeoutSeconds,
                algorithmExtra.indent(4)));
        // 3 s: at load 30 storescu has paused over a second between two instances, and a study
        // completed early went to the vendor without its centre slices
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [%s]
                    mode: clinical
                    completion: {idleSeconds: 3}
                """.formatted(ALGORITHM));
        Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var}
                %s
                node: {id: dicomweb-round-trip}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """.formatted(storeSection));
    }

    /** Varde's DICOMweb base URL. */
    String stowUrl() {
        return "http://127.0.0.1:" + gateway.httpPort() + "/dicomweb";
    }

    void send(Path folder) throws Exception {
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r", "+sp",
                "*.dcm", "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
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

    Job awaitJob(String studyUid, JobState state) {
        return awaitJob(studyUid, j -> j.state() == state, "in " + state);
    }

    Job awaitJob(String studyUid, Predicate<Job> condition, String what) {
        return JobWaits.awaitJob(gateway.jobStore(), studyUid, WAIT, condition, what);
    }

    @Override
    public void close() throws Exception {
        try {
            SandboxRoundTrip.await(gateway.stop());
        } finally {
            if (vendor != null) {
                SandboxRoundTrip.await(vendor.close());
            }
            SandboxRoundTrip.await(vertx.close());
        }
    }
}
