package org.varde.gateway.results;

import io.vertx.core.Vertx;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.gateway.worklist.Workitem;
import org.varde.testdata.sandbox.ups.SandboxUpsVendor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running gateway whose catalogue holds one algorithm reached by the ups protocol (IHE AIW-I, pull),
 * {@code cxr-triage}, and a second one, {@code other-vendor}, for isolation checks; studies reach it by
 * dcmtk storescu; the sandbox UPS vendor (when started) performs the workitems over real sockets with
 * its vendor token. The gateway can be stopped and started again on the same store and spool.
 */
final class UpsRoundTrip implements AutoCloseable {
    static final String ALGORITHM = "cxr-triage";
    static final String OTHER = "other-vendor";
    static final String APPROVED = "2.1.0";
    static final Duration WAIT = Duration.ofSeconds(180);

    final Path dir;
    final Vertx vertx;
    private final Path configFile;
    Gateway gateway;
    String vendorToken;
    String otherToken;
    String operatorToken;
    SandboxUpsVendor vendor;

    private UpsRoundTrip(Path dir, Vertx vertx, Path configFile) {
        this.dir = dir;
        this.vertx = vertx;
        this.configFile = configFile;
    }

    /** @param retrieveUrlOrNull the catalogue's retrieveUrl; null leaves it out */
    static UpsRoundTrip start(Path dir, int resultTimeoutSeconds, String retrieveUrlOrNull) throws Exception {
        return start(dir, resultTimeoutSeconds, retrieveUrlOrNull, "");
    }

    /** @param moreKeys catalogue lines added to the {@code cxr-triage} entry (indented as its keys) */
    static UpsRoundTrip start(Path dir, int resultTimeoutSeconds, String retrieveUrlOrNull, String moreKeys)
            throws Exception {
        String retrieve = retrieveUrlOrNull == null ? "" : ", retrieveUrl: \"" + retrieveUrlOrNull + "\"";
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: %s
                    vendor: Sandbox
                    product: CXR Triage Sandbox
                    approvedVersion: "%s"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-CXR-1
                    intendedUse: {modalities: [DX]}
                    endpoint: {protocol: ups, priority: HIGH%s}
                    timeoutSeconds: 30
                    resultTimeoutSeconds: %d
                %s  - id: %s
                    vendor: Other
                    product: Other CT
                    approvedVersion: "1"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Other
                    certificateId: OTHER-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: ups}
                    timeoutSeconds: 30
                    resultTimeoutSeconds: 600
                """.formatted(ALGORITHM, APPROVED, retrieve, resultTimeoutSeconds, moreKeys, OTHER));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: cxr
                    match: {attribute: Modality, equals: DX}
                    algorithms: [%s]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """.formatted(ALGORITHM));
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: ups-round-trip}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """);
        UpsRoundTrip trip = new UpsRoundTrip(dir, Vertx.vertx(), configFile);
        trip.startGateway();
        trip.vendorToken = trip.gateway.tokens().create(ALGORITHM, Role.VENDOR, "test");
        trip.otherToken = trip.gateway.tokens().create(OTHER, Role.VENDOR, "test");
        trip.operatorToken = trip.gateway.tokens().create("ops", Role.OPERATOR, "test");
        return trip;
    }

    private void startGateway() throws Exception {
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = SandboxRoundTrip.await(Gateway.start(vertx, config));
    }

    /** Stops the gateway (not the vendor) and starts it again on the same store and spool; new ports. */
    void restartGateway() throws Exception {
        SandboxRoundTrip.await(gateway.stop());
        startGateway();
    }

    /** Starts the sandbox vendor against the gateway as it runs now. */
    SandboxUpsVendor startVendor() {
        return startVendor(Duration.ofMillis(300), null);
    }

    /** @param aeTitleOrNull the AE Title it subscribes to the worklist as; null: it only queries */
    SandboxUpsVendor startVendor(Duration queryInterval, String aeTitleOrNull) {
        vendor = new SandboxUpsVendor(URI.create(baseUrl()), vendorToken, "CXR Triage Sandbox", APPROVED,
                dir.resolve("vendor-spool"));
        if (aeTitleOrNull != null) {
            vendor.subscribing(aeTitleOrNull);
        }
        vendor.start(queryInterval);
        return vendor;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    void send(Path folder) throws Exception {
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r", "+sp",
                "*.dcm", "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, sent.exitCode(), sent.output());
    }

    Job awaitJob(String studyUid, Predicate<Job> condition, String what) {
        Job[] last = new Job[1];
        boolean reached = Poll.until(WAIT, () -> {
            List<Job> jobs = gateway.jobStore().forStudy(studyUid);
            last[0] = jobs.isEmpty() ? null : jobs.get(0);
            return jobs.size() == 1 && condition.test(last[0]);
        });
        assertTrue(reached, "expected the job " + what + ", was " + last[0]
                + (last[0] == null ? "" : " " + gateway.jobStore().events(last[0].id())));
        return last[0];
    }

    Job awaitJob(String studyUid, JobState state) {
        return awaitJob(studyUid, j -> j.state() == state, "in " + state);
    }

    /** The newest workitem of the study's job, once one exists and {@code condition} holds. */
    Workitem awaitWorkitem(String studyUid, Predicate<Workitem> condition, String what) {
        Workitem[] last = new Workitem[1];
        boolean reached = Poll.until(WAIT, () -> {
            List<Job> jobs = gateway.jobStore().forStudy(studyUid);
            Optional<Workitem> w = jobs.isEmpty() ? Optional.empty()
                    : gateway.worklist().store().newestOf(jobs.get(0).id());
            last[0] = w.orElse(null);
            return w.isPresent() && condition.test(w.get());
        });
        assertTrue(reached, "expected the workitem " + what + ", was " + last[0]);
        return last[0];
    }

    @Override
    public void close() throws Exception {
        try {
            if (vendor != null) {
                vendor.close();
            }
            SandboxRoundTrip.await(gateway.stop());
        } finally {
            SandboxRoundTrip.await(vertx.close());
        }
    }
}
