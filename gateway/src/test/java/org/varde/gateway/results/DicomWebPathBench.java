package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;
import org.varde.testdata.sandbox.dicomweb.SandboxDicomWebVendor;
import org.varde.testdata.sandbox.dicomweb.WebAnswer;

import java.net.ServerSocket;
import java.net.URI;
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
 * The benchmark behind the latency part of {@code bench/dicomweb.sh}, not a test (skipped unless
 * {@code -Dvarde.bench=true}): N generated CT studies (half with a planted finding) through the
 * DICOMweb path (STOW-RS to the sandbox PE vendor, which runs its detector and pushes its SR to Varde's
 * STOW-RS endpoint at once), through the DICOMweb path with polling (the vendor keeps its SR; Varde
 * asks QIDO-RS every second and fetches by WADO-RS), and, as the reference in the same run, through
 * the DICOM round trip (the sandbox nodule vendor, C-STORE in, its SR by C-STORE at once). Reported per
 * path as {@link PathLatency}: results per second and p50/p95/p99 of "study complete → result
 * normalised", and the DICOMweb / DICOM ratios.
 */
class DicomWebPathBench {
    private static final String APPROVED = "3.2.0";

    @TempDir
    Path dir;

    @Test
    void dicomWebPathAgainstTheDicomRoundTrip() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("varde.bench"), "a benchmark: run bench/dicomweb.sh");
        int studies = Integer.getInteger("varde.bench.studies", 30);
        int slices = Integer.getInteger("varde.bench.slices", 16);
        int matrix = Integer.getInteger("varde.bench.matrix", 128);
        Path data = dir.resolve("studies");
        StudyGenerator.generate(data, new GeneratorOptions(StudyKind.CT_THORAX, studies, 31, slices, matrix)
                .planting(new PlantOptions(Finding.PE, 0, 0.5)));
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "studies=%d slices=%d matrix=%d load=%s", studies, slices, matrix,
                Files.readString(Path.of("/proc/loadavg")).strip()));
        // the order turns: a path run later runs on a warmer JVM and would look better
        PathLatency dicomFirst = run("dicom", data, studies);
        PathLatency pushed = run("dicomweb", data, studies);
        PathLatency polled = run("dicomweb-poll", data, studies);
        PathLatency dicom = run("dicom", data, studies);
        report.add("dicom (warm-up)        " + dicomFirst);
        report.add("dicomweb (push)        " + pushed);
        report.add("dicomweb (poll, 1 s)   " + polled);
        report.add("dicom (ref)            " + dicom);
        report.add(pushed.ratioTo(dicom, "dicomweb-push/dicom"));
        report.add(polled.ratioTo(dicom, "dicomweb-poll/dicom"));
        Path out = Path.of(System.getProperty("varde.bench.out", dir.resolve("report.txt").toString()));
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    private PathLatency run(String path, Path data, int studies) throws Exception {
        Vertx vertx = Vertx.vertx();
        // the vendors are other systems: their own event loops and workers, not the gateway's
        Vertx vendorVertx = Vertx.vertx();
        Path work = Files.createDirectories(dir.resolve(path + "-" + System.nanoTime()));
        SandboxDicomWebVendor webVendor = new SandboxDicomWebVendor(vendorVertx, Files.createDirectories(work.resolve("vendor")));
        SandboxDicomVendor dicomVendor = new SandboxDicomVendor(vendorVertx);
        Gateway gateway = null;
        try {
            int httpPort;
            try (ServerSocket free = new ServerSocket(0)) {
                httpPort = free.getLocalPort();
            }
            String endpoint;
            if (path.startsWith("dicomweb")) {
                int port = await(webVendor.listen("127.0.0.1", 0));
                endpoint = "endpoint: {protocol: dicomweb, url: \"http://127.0.0.1:%d%s\"%s}\n".formatted(port,
                        SandboxDicomWebVendor.ROOT, path.endsWith("poll") ? DicomWebRoundTrip.POLL_EVERY_SECOND : "");
            } else {
                int port = await(dicomVendor.listen("PE_AI", "127.0.0.1", 0));
                endpoint = "endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PE_AI}\n".formatted(port);
            }
            Files.writeString(work.resolve("algorithms.yaml"), """
                    algorithms:
                      - id: pe-detect
                        vendor: Sandbox
                        product: PE Sandbox
                        approvedVersion: "%s"
                        regulatoryStatus: ce-marked
                        ceClass: IIa
                        notifiedBody: NB 0000 Sandbox
                        certificateId: SANDBOX-PE-1
                        intendedUse: {modalities: [CT]}
                        concurrency: 8
                        timeoutSeconds: 60
                        resultTimeoutSeconds: 120
                    """.formatted(APPROVED) + endpoint.indent(4));
            // the latency counts from completion, so a long idle period costs nothing in the figures; a short one,
            // at load 30, completed studies before their last slices arrived (follow-ups, partial dispatches)
            Files.writeString(work.resolve("routes.yaml"), """
                    routes:
                      - name: ct
                        match: {attribute: Modality, equals: CT}
                        algorithms: [pe-detect]
                        mode: clinical
                        completion: {idleSeconds: 5}
                    """);
            Path configFile = Files.writeString(work.resolve("varde.yaml"), """
                    dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PE_AI@127.0.0.1"]}
                    http: {bind: 127.0.0.1, port: %d}
                    storage: {dir: ./var}
                    node: {id: bench}
                    routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                    jobs: {leaseSeconds: 30, maxAttempts: 1}
                    """.formatted(httpPort));
            GatewayConfig config = ConfigLoader.load(configFile);
            config = config.withDicom(config.dicom().withPort(0));
            gateway = await(Gateway.start(vertx, config));
            switch (path) {
                case "dicomweb" -> webVendor.answering(new WebAnswer(URI.create("http://127.0.0.1:" + httpPort + "/dicomweb"),
                        gateway.tokens().create("pe-detect", Role.VENDOR, "bench"), "PE Sandbox", APPROVED, Duration.ofSeconds(1)));
                case "dicomweb-poll" -> webVendor.keepingResults().answering(WebAnswer.kept("PE Sandbox", APPROVED));
                default -> dicomVendor.answering(ResultsAnswer.detecting(Finding.PE, "127.0.0.1", gateway.dicomPort(),
                        "VARDE_RESULTS", "PE_AI", "PE Sandbox", APPROVED));
            }
            List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                    "+sp", "*.dcm", "127.0.0.1", String.valueOf(gateway.dicomPort()), data.toString()));
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
            await(webVendor.close());
            await(dicomVendor.close());
            await(vertx.close());
            await(vendorVertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
