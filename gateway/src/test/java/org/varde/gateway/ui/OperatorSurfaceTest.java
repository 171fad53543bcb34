package org.varde.gateway.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.ResultsAnswer.Misbehaviour;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's surface against one real gateway fed over DICOM: dcmtk's storescu sends a CT thorax
 * and a chest X-ray; the CT goes to three algorithms behind sandbox vendors over real sockets: one
 * answers with a TID 1500 SR (a result with a finding), one reports an unapproved version
 * (quarantined), one is not listening (a dead letter). Then: the web UI in Debian's chromium
 * (ui.test.mjs), and every metric the dashboards and rules name against the gateway's own scrape
 * (the rules themselves: AlertRulesTest).
 */
class OperatorSurfaceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path DEPLOY = Path.of("..", "deploy");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static SandboxDicomVendor answering;
    private static SandboxDicomVendor drifting;
    private static TestMllpListener mllp;
    private static Gateway gateway;
    private static String adminToken;
    private static String viewerToken;

    @BeforeAll
    static void feedAGateway() throws Exception {
        vertx = Vertx.vertx();
        answering = new SandboxDicomVendor(vertx);
        drifting = new SandboxDicomVendor(vertx);
        // a RIS on HL7 v2 (HAPI's MLLP listener): the answered result is delivered for real, so the
        // delivery metrics the dashboards name are in the scrape
        mllp = new TestMllpListener();
        int answeringPort = await(answering.listen("PULMOSPOT", "127.0.0.1", 0));
        int driftingPort = await(drifting.listen("DRIFTER", "127.0.0.1", 0));
        int closedPort = closedPort();
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Sandbox
                    product: PulmoSpot
                    approvedVersion: "2.1.0"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-PULMO-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 120
                    outputs: [ris-hl7]
                  - id: emphysema
                    vendor: Sandbox
                    product: Drifter
                    approvedVersion: "1.0.0"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-DRIFT-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: DRIFTER}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 120
                  - id: rib-fractures
                    vendor: Sandbox
                    product: Offline
                    approvedVersion: "3.0"
                    regulatoryStatus: ce-marked
                    ceClass: IIb
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-RIB-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: OFFLINE}
                    timeoutSeconds: 10
                    resultTimeoutSeconds: 60
                """.formatted(answeringPort, driftingPort, closedPort));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules, emphysema, rib-fractures]
                    mode: clinical
                    completion: {idleSeconds: 1}
                  - name: chest-xray-evaluation
                    match: {attribute: Modality, in: [CR, DX]}
                    algorithms: [emphysema]
                    mode: shadow
                    completion: {idleSeconds: 1}
                """);
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1", "DRIFTER@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: ui-test}
                sites:
                  - {name: north, callingAeTitles: [MODALITY]}
                  - {name: south, callingAeTitles: [SOUTH_CT]}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                outputs:
                  ris-hl7: {type: hl7, host: 127.0.0.1, port: %d, receivingApplication: RIS}
                """.formatted(mllp.port()));
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
        answering.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "PULMOSPOT",
                "PulmoSpot", "2.1.0", List.of(new ReportedFinding(new BigDecimal("8.5"))), Misbehaviour.NONE));
        drifting.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "DRIFTER",
                "Drifter", "1.0.0", List.of(new ReportedFinding(new BigDecimal("3.0"))), Misbehaviour.OTHER_VERSION));
        Path studies = dir.resolve("studies");
        StudyGenerator.generate(studies.resolve("ct"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 81, 4, 64));
        StudyGenerator.generate(studies.resolve("cxr"), StudyKind.CXR, 1, 82);
        // for the route tester's upload: a study the gateway never received, and a file that is not DICOM
        StudyGenerator.generate(dir.resolve("upload"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 83, 3, 64));
        Files.writeString(dir.resolve("upload/not-dicom.txt"), "not a DICOM file");
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), studies.toString()), dir);
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(Poll.until(WAIT, () -> {
            Map<JobState, Long> counts = gateway.jobStore().countsByState();
            return counts.getOrDefault(JobState.RESULT_RECEIVED, 0L) + counts.getOrDefault(JobState.DONE, 0L)
                    + counts.getOrDefault(JobState.DELIVERING, 0L) >= 1
                    && counts.getOrDefault(JobState.QUARANTINED, 0L) == 1
                    && counts.getOrDefault(JobState.DEAD_LETTER, 0L) == 1;
        }), () -> "jobs did not settle: " + gateway.jobStore().countsByState());
        assertTrue(Poll.until(WAIT, () -> gateway.jobStore().countsByState().getOrDefault(JobState.DONE, 0L) >= 1
                && !mllp.received().isEmpty()), () -> "the result was not delivered to the RIS: "
                + gateway.jobStore().countsByState());
        adminToken = gateway.tokens().create("ui-admin", Role.ADMIN, "test");
        viewerToken = gateway.tokens().create("ui-viewer", Role.VIEWER, "test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(answering.close());
        await(drifting.close());
        mllp.close();
        await(vertx.close());
    }

    @Test
    void everyPageShowsWhatTheApiSaysInARealBrowser() throws Exception {
        BrowserWalk.run("ui.test.mjs", Map.of("VARDE_URL", "http://127.0.0.1:" + gateway.httpPort(),
                "VARDE_ADMIN_TOKEN", adminToken, "VARDE_VIEWER_TOKEN", viewerToken,
                "VARDE_UPLOAD_DIR", dir.resolve("upload").toAbsolutePath().toString()));
        // the admin's mode switch is in the routes file, the rest of it as written
        String routes = Files.readString(dir.resolve("routes.yaml"));
        assertTrue(routes.contains("name: chest-xray-evaluation\n    match: {attribute: Modality, in: [CR, DX]}\n"
                + "    algorithms: [emphysema]\n    mode: off\n"), routes);
        assertTrue(routes.contains("algorithms: [lung-nodules, emphysema, rib-fractures]\n    mode: clinical\n"), routes);
        BrowserWalk.screenshotsSaved(10_000, "01-login", "02-overview", "03-studies", "04-study", "05-algorithms",
                "05b-value-filtered", "06-routes", "07-dead-letters", "08-viewer-studies");
    }

    @Test
    void everyMetricTheDashboardsAndRulesNameIsOneVardeExports() throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> exported = MetricNames.exported(scrape);
        Set<String> used = new TreeSet<>();
        used.addAll(MetricNames.used(Files.readString(DEPLOY.resolve("prometheus/varde-alerts.yml"))));
        try (var dashboards = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            for (Path dashboard : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                used.addAll(MetricNames.used(Files.readString(dashboard)));
            }
        }
        assertTrue(used.size() >= 15, "the dashboards and rules name too few metrics to be checked: " + used);
        // the certificate's expiry is there only with TLS on: GatewayTlsTest checks those names
        Set<String> missing = used.stream().filter(m -> !exported.contains(m) && !m.startsWith(MetricNames.TLS_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), "named in deploy/ but not exported by Varde: " + missing + "\nexported: " + exported);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
