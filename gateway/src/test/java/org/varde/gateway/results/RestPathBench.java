package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;
import org.varde.testdata.sandbox.rest.SandboxRestVendor;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark behind {@code bench/rest.sh}, not a test (skipped unless {@code -Dvarde.bench=true}):
 * N generated wrist radiographs through the REST path (sandbox fracture vendor, webhook, answering at
 * once: its detector runs, nothing waits) and, as the reference in the same run, the same studies
 * through the DICOM round trip (sandbox storage SCP answering with an SR at once). For each path:
 * results per second (N / first job created .. last result recorded) and p50/p95/p99 of "study
 * complete → result normalised" (the job is created when its study completes and is routed; the
 * result row is written when the normalised result is recorded). Both from the store's timestamps.
 */
class RestPathBench {
    private static final String APPROVED = "1.4.0";
    private static final long DICOM_RESULT_DELAY_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void restPathAgainstTheDicomRoundTrip() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("varde.bench"), "a benchmark: run bench/rest.sh");
        int studies = Integer.getInteger("varde.bench.studies", 40);
        int matrix = Integer.getInteger("varde.bench.matrix", 256);
        Path data = dir.resolve("studies");
        StudyGenerator.generate(data, new GeneratorOptions(StudyKind.WRIST, studies, 21, 0, matrix));
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "studies=%d matrix=%d load=%s", studies, matrix,
                Files.readString(Path.of("/proc/loadavg")).strip()));
        // the order turns: the second path runs on a warmer JVM and would look better
        PathLatency dicomFirst = run("dicom", data, studies);
        PathLatency rest = run("rest", data, studies);
        PathLatency dicom = run("dicom", data, studies);
        report.add("dicom (warm-up)  " + dicomFirst);
        report.add("rest             " + rest);
        report.add("dicom (ref)      " + dicom + " (its vendor waits " + DICOM_RESULT_DELAY_MILLIS
                + " ms before sending the SR)");
        report.add(rest.ratioTo(dicom, "rest/dicom"));
        Path out = Path.of(System.getProperty("varde.bench.out", dir.resolve("report.txt").toString()));
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    private PathLatency run(String path, Path data, int studies) throws Exception {
        Vertx vertx = Vertx.vertx();
        Path work = Files.createDirectories(dir.resolve(path + "-" + System.nanoTime()));
        SandboxRestVendor restVendor = new SandboxRestVendor(vertx, Files.createDirectories(work.resolve("vendor")),
                "FractureFinder", APPROVED, null);
        SandboxDicomVendor dicomVendor = new SandboxDicomVendor(vertx);
        Gateway gateway = null;
        try {
            int httpPort;
            try (ServerSocket free = new ServerSocket(0)) {
                httpPort = free.getLocalPort();
            }
            String endpoint;
            if (path.equals("rest")) {
                await(restVendor.listen("127.0.0.1", 0));
                endpoint = """
                        endpoint:
                          protocol: rest
                          url: %s
                          result: webhook
                          callbackBaseUrl: http://127.0.0.1:%d/api/callbacks/
                        """.formatted(restVendor.jobsUrl(), httpPort) + RestRoundTripTest.MAPPING.indent(-4);
            } else {
                int port = await(dicomVendor.listen("FRACTURE", "127.0.0.1", 0));
                endpoint = "endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: FRACTURE}\n".formatted(port);
            }
            Files.writeString(work.resolve("algorithms.yaml"), """
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
                        concurrency: 8
                        timeoutSeconds: 60
                        resultTimeoutSeconds: 120
                    """.formatted(APPROVED) + endpoint.indent(4));
            Files.writeString(work.resolve("routes.yaml"), """
                    routes:
                      - name: wrist
                        match: {attribute: Modality, equals: DX}
                        algorithms: [wrist-fracture]
                        mode: clinical
                        completion: {idleSeconds: 1}
                    """);
            Path configFile = Files.writeString(work.resolve("varde.yaml"), """
                    dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "FRACTURE@127.0.0.1"]}
                    http: {bind: 127.0.0.1, port: %d}
                    storage: {dir: ./var}
                    node: {id: bench}
                    routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                    jobs: {leaseSeconds: 30, maxAttempts: 1}
                    """.formatted(httpPort));
            GatewayConfig config = ConfigLoader.load(configFile);
            config = config.withDicom(config.dicom().withPort(0));
            gateway = await(Gateway.start(vertx, config));
            if (path.equals("dicom")) {
                // an SR sent the moment the association is released can arrive before Varde has recorded
                // that the job waits (it is then refused 0110 and the job times out): 100 ms avoids the race
                dicomVendor.resultDelay(Duration.ofMillis(DICOM_RESULT_DELAY_MILLIS));
                dicomVendor.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "FRACTURE",
                        "FractureFinder", APPROVED, List.of(new ReportedFinding(new BigDecimal("8.5"))),
                        ResultsAnswer.Misbehaviour.NONE));
            }
            List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE",
                    "127.0.0.1", String.valueOf(gateway.dicomPort())));
            try (var files = Files.walk(data)) {
                files.filter(f -> f.toString().endsWith(".dcm")).sorted().forEach(f -> command.add(f.toString()));
            }
            Processes.Result sent = Processes.run(command, work);
            assertEquals(0, sent.exitCode(), sent.output());
            Gateway g = gateway;
            assertTrue(Poll.until(Duration.ofMinutes(5), () -> g.results().list(null, null, studies + 1).size()
                    >= studies), "every study got its result through " + path);
            return PathLatency.of(gateway, studies);
        } finally {
            if (gateway != null) {
                await(gateway.stop());
            }
            await(restVendor.close());
            await(dicomVendor.close());
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
