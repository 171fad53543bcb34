import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.results.StoredResult;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * "Study complete -> result normalised" on the DICOM round trip: N generated CT studies (half with a
 * planted nodule) are sent by dcmtk storescu to an in-process gateway (embedded H2) whose one
 * algorithm is the sandbox DICOM vendor, detecting nodules and answering at once. Per study the
 * latency is taken from the gateway's own timestamps: the study's completed_at (the assembler, when
 * the completion is durable) and the result's received_at (the results stage, when the normalised
 * result is recorded). The reference, in the same run: dcmtk storescu sending the same study to a
 * dcmtk storescp (a bare copy over the network), so the latency is also given as a ratio to it.
 * Studies are sent one after another (each completes after the route's 1 s idle period).
 *
 * Run by bench/results.sh: java -cp varde.jar bench/ResultsBench.java WORKDIR STUDIES SLICES MATRIX STORESCP_PORT
 */
public final class ResultsBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int studies = Integer.parseInt(args[1]);
        int slices = Integer.parseInt(args[2]);
        int matrix = Integer.parseInt(args[3]);
        int storescpPort = Integer.parseInt(args[4]);
        Path set = work.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, studies, 2026, slices, matrix)
                .planting(new PlantOptions(Finding.NODULE, 0, 0.5)));

        Vertx vertx = Vertx.vertx();
        // the vendor is another system: its own event loops and worker pool, not the gateway's
        Vertx vendorVertx = Vertx.vertx();
        SandboxDicomVendor vendor = new SandboxDicomVendor(vendorVertx).spoolDir(Files.createDirectories(work.resolve("vendor")));
        int vendorPort = await(vendor.listen("PULMOSPOT", "127.0.0.1", 0));
        Files.writeString(work.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Sandbox
                    product: PulmoSpot
                    approvedVersion: "2.1.0"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 120
                """.formatted(vendorPort));
        Files.writeString(work.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """);
        Path configFile = Files.writeString(work.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: results-bench}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 30, maxAttempts: 1}
                """);
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        Gateway gateway = await(Gateway.start(vertx, config));
        // RESULTS_BENCH_TOLD=1: the vendor reports a fixed finding without spooling or detecting, to
        // tell the vendor's own work from Varde's
        boolean told = told();
        vendor.answering(told ? new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "PULMOSPOT",
                "PulmoSpot", "2.1.0", List.of(new org.varde.testdata.sandbox.dicom.ReportedFinding(
                new java.math.BigDecimal("8.5"))), ResultsAnswer.Misbehaviour.NONE)
                : ResultsAnswer.detecting(Finding.NODULE, "127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS",
                "PULMOSPOT", "PulmoSpot", "2.1.0"));
        try {
            List<String> uids = new ArrayList<>();
            List<Long> referenceMs = new ArrayList<>();
            for (int i = 1; i <= studies; i++) {
                Path study = set.resolve(Integer.toString(i));
                uids.add(studyUid(study));
                send(study, "VARDE", gateway.dicomPort(), work);
                long start = System.nanoTime();
                send(study, "ANY", storescpPort, work);
                referenceMs.add((System.nanoTime() - start) / 1_000_000);
            }
            List<Long> latencies = new ArrayList<>();
            List<List<Long>> segments = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int positives = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((told() ? 20 : 120) + 5L * studies);
            for (String uid : uids) {
                StoredResult result = null;
                Instant completed = null;
                while (result == null || completed == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no result for study " + uid + ": " + gateway.jobStore().forStudy(uid));
                    }
                    List<Job> jobs = gateway.jobStore().forStudy(uid);
                    List<StoredResult> results = jobs.isEmpty() ? List.of() : gateway.results().forJob(jobs.get(0).id());
                    result = results.isEmpty() ? null : results.get(0);
                    completed = await(gateway.studyAssembler().status(uid)).map(s -> s.completedAt()).orElse(null);
                    if (result == null) {
                        Thread.sleep(50);
                    }
                }
                positives += "positive".equals(result.verdict()) ? 1 : 0;
                latencies.add(Duration.between(completed, result.receivedAt()).toMillis());
                // where the time goes, from the job's own history: routed (job created), dispatch
                // started, vendor acknowledged (WAITING_RESULT), result recorded
                Job job = gateway.jobStore().forStudy(uid).get(0);
                var events = gateway.jobStore().events(job.id());
                Instant created = events.get(0).at();
                Instant dispatching = events.stream().filter(e -> e.to() == org.varde.gateway.jobs.JobState.DISPATCHING)
                        .findFirst().orElseThrow().at();
                Instant acknowledged = events.stream().filter(e -> e.to() == org.varde.gateway.jobs.JobState.WAITING_RESULT)
                        .findFirst().orElseThrow().at();
                segments.get(0).add(Duration.between(completed, created).toMillis());
                segments.get(1).add(Duration.between(created, dispatching).toMillis());
                segments.get(2).add(Duration.between(dispatching, acknowledged).toMillis());
                segments.get(3).add(Duration.between(acknowledged, result.receivedAt()).toMillis());
            }
            Collections.sort(latencies);
            List<Long> reference = new ArrayList<>(referenceMs);
            Collections.sort(reference);
            long ref = percentile(reference, 50);
            System.out.printf("studies %d (CT, %d thin slices of %dx%d, %d reported positive), load %s%n", studies, slices,
                    matrix, matrix, positives, Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("study complete -> result normalised: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                    percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                    latencies.get(latencies.size() - 1));
            String[] names = {"complete -> job created (routing)", "job created -> dispatch starts",
                    "dispatch (C-STORE to the vendor, acknowledged)", "acknowledged -> result normalised (vendor detects, SR back)"};
            for (int k = 0; k < names.length; k++) {
                List<Long> seg = segments.get(k);
                Collections.sort(seg);
                System.out.printf("  %-60s p50 %5d ms, p95 %5d ms, p99 %5d ms%n", names[k], percentile(seg, 50),
                        percentile(seg, 95), percentile(seg, 99));
            }
            System.out.printf("reference (same run): storescu -> storescp of the same study, median %d ms%n", ref);
            System.out.printf("ratio to the reference: p50 %.1f, p95 %.1f, p99 %.1f%n",
                    (double) percentile(latencies, 50) / ref, (double) percentile(latencies, 95) / ref,
                    (double) percentile(latencies, 99) / ref);
            System.out.printf("target p99 < 500 ms: %s%n", percentile(latencies, 99) < 500 ? "met" : "NOT met");
        } finally {
            await(gateway.stop());
            await(vendor.close());
            await(vendorVertx.close());
            await(vertx.close());
        }
    }

    static boolean told() {
        return "1".equals(System.getenv("RESULTS_BENCH_TOLD"));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static void send(Path study, String calledAe, int port, Path work) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("storescu", "-aet", "MODALITY", "-aec", calledAe, "+sd", "+r", "+sp",
                "*.dcm", "127.0.0.1", Integer.toString(port), study.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("storescu.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("storescu failed: " + Files.readString(work.resolve("storescu.log")));
        }
    }

    static String studyUid(Path study) throws Exception {
        try (Stream<Path> files = Files.walk(study)) {
            Path first = files.filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(first))) {
                Part10File part10 = Part10.readHeader(in);
                Attributes header = new DicomReader(in, part10.transferSyntax()).readDataSetUntil(Tag.PixelData);
                return header.getString(Tag.StudyInstanceUID);
            }
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
