package org.varde.gateway.delivery;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.varde.connectors.sink.fhir.FhirResourceValidator;
import org.varde.connectors.sink.fhir.TestFhirServer;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.delivery.Delivery;
import org.varde.gateway.delivery.DeliveryEvent;
import org.varde.gateway.delivery.DeliveryState;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.store.InstanceRecord;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * bench/e2e.sh's harness, run by Maven's surefire on the gateway's test class path (the FHIR server and
 * MLLP listener are the test suite's) and skipped unless {@code -Dvarde.bench.e2e=true}; not a test: generated CT studies sent by dcmtk
 * storescu at a steady rate to a running gateway, routed to the sandbox DICOM vendor answering at once
 * with a TID 1500 SR (a 10 mm nodule, told, no detection: the vendor's own time is not measured), and
 * delivered to a real Orthanc (SR by C-STORE), a HAPI FHIR server (transaction Bundle with a Task) and
 * HAPI's MLLP listener (ORU^R01). From the gateway's own rows: per sink, "last instance of the study
 * received" to "delivery acknowledged" (SR stored in Orthanc, FHIR transaction accepted, HL7 ACK).
 * Reference in the same run: the sink's own time for the same deliveries (claim to acknowledgement,
 * from the delivery's history), and the completion wait the routes impose.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "varde.bench.e2e", matches = "true")
class EndToEndBench {
    @org.junit.jupiter.api.io.TempDir
    Path work;

    @org.junit.jupiter.api.Test
    void run() throws Exception {
        int studies = Integer.getInteger("varde.bench.studies", 20);
        double rate = Double.parseDouble(System.getProperty("varde.bench.rate", "5"));
        int idleSeconds = Integer.getInteger("varde.bench.idle", 1);
        int warmUp = Integer.getInteger("varde.bench.warmup", 0);
        LocalOrthanc orthanc = LocalOrthanc.start(work.resolve("orthanc"), Duration.ofSeconds(90));
        TestFhirServer fhir = new TestFhirServer();
        TestMllpListener mllp = new TestMllpListener();
        warmUpValidator();
        Vertx vertx = Vertx.vertx();
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx);
        Gateway gateway = null;
        try {
            int vendorPort = await(vendor.listen("PULMOSPOT", "127.0.0.1", 0));
            Path data = work.resolve("studies");
            StudyGenerator.generate(data, new GeneratorOptions(StudyKind.CT_THORAX, warmUp + studies, 4711, 16, 128));
            List<Path> allDirs;
            try (Stream<Path> dirs = Files.list(data)) {
                allDirs = dirs.filter(Files::isDirectory).sorted().toList();
            }
            List<Path> warmUpDirs = allDirs.subList(0, warmUp);
            List<Path> studyDirs = allDirs.subList(warmUp, allDirs.size());
            gateway = await(Gateway.start(vertx, config(work, vendorPort, idleSeconds, orthanc, fhir, mllp)));
            vendor.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "PULMOSPOT",
                    "PulmoSpot", "2.1.0", List.of(new ReportedFinding(new BigDecimal("10"))),
                    ResultsAnswer.Misbehaviour.NONE));
            if (warmUp > 0) {
                // the same path, not measured: the JIT has compiled the pipeline (and the FHIR server's validation)
                sendAll(warmUpDirs, rate, gateway.dicomPort(), work.resolve("warm-up"));
                awaitDone(gateway, studyUids(warmUpDirs), Duration.ofSeconds(600));
            }
            System.out.printf("BENCH %d CT studies (16 slices 128x128), %.1f studies/s, completion idle %d s, after %d warm-up "
                    + "studies not measured; peers: Orthanc, HAPI FHIR server, HAPI MLLP listener; load %s%n",
                    studyDirs.size(), rate, idleSeconds, warmUp, load());
            Map<String, double[]> stepsBefore = laneSteps(gateway);
            sendAll(studyDirs, rate, gateway.dicomPort(), work.resolve("measured"));
            List<String> uids = studyUids(studyDirs);
            awaitDone(gateway, uids, Duration.ofSeconds(600));
            report(gateway, uids, idleSeconds, stepsBefore);
        } finally {
            if (gateway != null) {
                await(gateway.stop());
            }
            await(vendor.close());
            await(vertx.close());
            mllp.close();
            fhir.close();
            orthanc.close();
        }
    }

    /** Sends each study by its own storescu at the given rate and waits for every sender to succeed. */
    private static void sendAll(List<Path> studyDirs, double rate, int port, Path logs) throws Exception {
        Files.createDirectories(logs);
        List<Process> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < studyDirs.size(); i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);   // pacing the sender, not an assertion
            }
            senders.add(send(studyDirs.get(i), port, logs.resolve("send-" + i + ".log")));
        }
        for (int i = 0; i < senders.size(); i++) {
            Process p = senders.get(i);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(senderFailed(studyDirs.get(i), p, logs.resolve("send-" + i + ".log")));
            }
        }
    }

    private static List<String> studyUids(List<Path> studyDirs) throws Exception {
        List<String> uids = new ArrayList<>();
        for (Path d : studyDirs) {
            uids.add(studyUid(d));
        }
        return uids;
    }

    /**
     * Steady state, not a cold start: the validator has loaded the R4 definitions and what a result
     * bundle binds to (a positive nodule result with an urgent Task) before the gateway starts, the
     * same in every build compared, so what the bench measures is the pipeline, not HAPI's first load.
     */
    private static void warmUpValidator() {
        var options = new org.varde.connectors.sink.fhir.FhirSinkOptions(java.net.URI.create("http://127.0.0.1:1/fhir"),
                java.util.Optional.empty(), "urn:oid:2.999.1", "urn:oid:2.999.2", Duration.ofSeconds(5), Duration.ofSeconds(5));
        var bundle = new org.varde.connectors.sink.fhir.FhirReportBuilder(options).build(
                new org.varde.connectors.result.ReportKey("bench-warm-up", 1), org.varde.connectors.result.Results.nodule(10, 0.9),
                org.varde.connectors.result.Results.study(), java.util.Optional.of(org.varde.connectors.result.WorklistPriority.URGENT),
                Instant.now());
        List<String> errors = FhirResourceValidator.shared().errors(bundle);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("warm-up bundle invalid: " + errors);
        }
    }

    private static GatewayConfig config(Path work, int vendorPort, int idle, LocalOrthanc orthanc, TestFhirServer fhir,
                                        TestMllpListener mllp) throws Exception {
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
                    concurrency: 8
                    outputs: [pacs, ris-fhir, ris-hl7]
                    priority:
                      rules:
                        - {finding: "SCT:27925004", measurement: "SCT:81827009", atLeast: 8, unit: mm, priority: urgent}
                """.formatted(vendorPort));
        Files.writeString(work.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: %d}
                """.formatted(idle));
        Path file = Files.writeString(work.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, maxAssociations: 64, allowedCallers: ["STORESCU@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var, fsync: true}
                node: {id: e2e-bench}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                outputs:
                  pacs: {type: pacs, host: 127.0.0.1, port: %d, aeTitle: %s}
                  ris-fhir:
                    type: fhir
                    baseUrl: %s
                    patientIdentifierSystem: urn:oid:2.16.578.1.12.4.1.4.1
                    accessionSystem: urn:oid:2.16.578.1.34.1.1
                  ris-hl7: {type: hl7, host: 127.0.0.1, port: %d, receivingApplication: RIS}
                """.formatted(orthanc.dicomPort(), LocalOrthanc.AE_TITLE, fhir.baseUrl(), mllp.port()));
        GatewayConfig config = ConfigLoader.load(file);
        return config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
    }

    private static Process send(Path study, int port, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aec", "VARDE", "127.0.0.1", String.valueOf(port)));
        try (Stream<Path> files = Files.walk(study)) {
            files.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(p -> command.add(p.toString()));
        }
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("TCP_NODELAY", "1");
        return b.start();
    }

    /**
     * What storescu said, in the failure itself: its log lives in the test's temporary folder, which
     * JUnit deletes when the test ends (under a starved CPU the gateway may close a connection not yet
     * associated, and that is what the log names).
     */
    private static String senderFailed(Path study, Process p, Path log) throws Exception {
        String how = p.isAlive() ? "still running after 300 s" : "exited with " + p.exitValue();
        p.destroyForcibly();
        String said = Files.exists(log) ? Files.readString(log) : "(no log)";
        return "storescu for " + study.getFileName() + " " + how + "; its log ends: "
                + said.substring(Math.max(0, said.length() - 1500));
    }

    private static String studyUid(Path study) throws Exception {
        try (Stream<Path> files = Files.walk(study)) {
            Path first = files.filter(p -> p.toString().endsWith(".dcm")).findFirst().orElseThrow();
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(first))) {
                var part10 = org.varde.dicom.data.Part10.readHeader(in);
                return new org.varde.dicom.data.DicomReader(in, part10.transferSyntax())
                        .readDataSetUntil(Tag.PixelData).getString(Tag.StudyInstanceUID);
            }
        }
    }

    private static void awaitDone(Gateway gateway, List<String> uids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long done = uids.stream().filter(u -> gateway.jobStore().forStudy(u).stream()
                    .anyMatch(j -> j.state().isFinal())).count();
            if (done == uids.size()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("not every job ended within " + timeout);
    }

    private static final String[] SINKS = {"pacs", "ris-fhir", "ris-hl7"};
    private static final List<String> STEPS = List.of("queue", "prepare", "send");

    /** Count and total milliseconds of each lane step's timer so far, by "sink step". */
    private static Map<String, double[]> laneSteps(Gateway gateway) {
        Map<String, double[]> steps = new LinkedHashMap<>();
        for (String sink : SINKS) {
            for (String step : STEPS) {
                var timer = gateway.metrics().registry().find("varde_delivery_step_seconds").tag("sink", sink)
                        .tag("step", step).timer();
                steps.put(sink + " " + step, timer == null ? new double[2]
                        : new double[] {timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)});
            }
        }
        return steps;
    }

    private static void report(Gateway gateway, List<String> uids, int idle, Map<String, double[]> stepsBefore) {
        Map<String, List<Long>> endToEnd = new LinkedHashMap<>();
        Map<String, List<Long>> own = new LinkedHashMap<>();
        List<Long> toResult = new ArrayList<>();
        int failed = 0;
        for (String uid : uids) {
            Instant last = gateway.journal().instancesOfStudy(uid).stream().map(InstanceRecord::receivedAt)
                    .max(Comparator.naturalOrder()).orElseThrow();
            gateway.results().forStudy(uid).forEach(r -> toResult.add(Duration.between(last, r.receivedAt()).toMillis()));
            for (Delivery d : gateway.delivery().store().forStudy(uid)) {
                if (d.state() != DeliveryState.DELIVERED) {
                    failed++;
                    continue;
                }
                endToEnd.computeIfAbsent(d.sink(), k -> new ArrayList<>())
                        .add(Duration.between(last, d.finishedAt()).toMillis());
                List<DeliveryEvent> events = gateway.delivery().store().events(d.id());
                Instant claimed = events.stream().filter(e -> e.to() == DeliveryState.SENDING).map(DeliveryEvent::at)
                        .reduce((a, b) -> b).orElse(d.createdAt());
                own.computeIfAbsent(d.sink(), k -> new ArrayList<>()).add(Duration.between(claimed, d.finishedAt()).toMillis());
            }
        }
        List<Long> r = sorted(toResult);
        System.out.printf("BENCH last instance received -> vendor's SR recorded (completion wait, routing, dispatch, "
                + "vendor): n=%d  p50 %5d  p95 %5d  p99 %5d ms%n", r.size(), pct(r, 50), pct(r, 95), pct(r, 99));
        String[] names = SINKS;
        String[] what = {"SR stored in Orthanc", "FHIR Task accepted", "HL7 ACK"};
        for (int i = 0; i < names.length; i++) {
            List<Long> e = sorted(endToEnd.get(names[i]));
            List<Long> s = sorted(own.get(names[i]));
            if (e.isEmpty()) {
                System.out.printf("BENCH %-22s no deliveries%n", what[i]);
                continue;
            }
            System.out.printf("BENCH last instance received -> %-20s n=%d  p50 %5d  p95 %5d  p99 %5d ms | beyond the %d s "
                            + "completion wait: p50 %5d  p99 %5d ms | the sink's own send (reference): p50 %4d  p99 %4d ms,"
                            + " ratio end-to-end/send p50 %.1f%n", what[i], e.size(), pct(e, 50), pct(e, 95), pct(e, 99), idle,
                    pct(e, 50) - idle * 1000L, pct(e, 99) - idle * 1000L, pct(s, 50), pct(s, 99),
                    (double) pct(e, 50) / Math.max(1, pct(s, 50)));
        }
        // where a delivery's time goes on its lane (DeliveryMetrics: queue, prepare, send), measured studies only
        Map<String, double[]> stepsAfter = laneSteps(gateway);
        for (String sink : SINKS) {
            StringBuilder line = new StringBuilder();
            for (String step : STEPS) {
                double[] before = stepsBefore.get(sink + " " + step);
                double[] after = stepsAfter.get(sink + " " + step);
                double count = after[0] - before[0];
                if (count > 0) {
                    line.append(String.format("  %s mean %5.0f ms", step, (after[1] - before[1]) / count));
                }
            }
            System.out.printf("BENCH lane steps %-8s%s%n", sink, line);
        }
        stages(gateway, uids);
        System.out.printf("BENCH deliveries not DELIVERED: %d; load %s%n", failed, load());
    }

    /**
     * Where the time between the last instance and each acknowledgement goes, stage by stage, from the
     * rows' own timestamps: journal (last instance), job (created, each state change), result
     * (received), delivery (created, claimed, finished). Each stage's p50/p95/max in ms.
     */
    private static void stages(Gateway gateway, List<String> uids) {
        Map<String, List<Long>> stage = new LinkedHashMap<>();
        for (String uid : uids) {
            Instant last = gateway.journal().instancesOfStudy(uid).stream().map(InstanceRecord::receivedAt)
                    .max(Comparator.naturalOrder()).orElseThrow();
            for (Job job : gateway.jobStore().forStudy(uid)) {
                List<org.varde.gateway.jobs.JobEvent> events = gateway.jobStore().events(job.id());
                Instant dispatching = firstAt(events, JobState.DISPATCHING);
                Instant waiting = firstAt(events, JobState.WAITING_RESULT);
                Instant recordedMove = firstAt(events, JobState.RESULT_RECEIVED);
                Instant delivering = firstAt(events, JobState.DELIVERING);
                Instant result = gateway.results().forStudy(uid).stream().map(r -> r.receivedAt())
                        .min(Comparator.naturalOrder()).orElse(null);
                add(stage, "1 last instance -> job created (completion wait, routing)", last, job.createdAt());
                add(stage, "2 job created -> claimed (DISPATCHING)", job.createdAt(), dispatching);
                add(stage, "3 claimed -> dispatched (WAITING_RESULT)", dispatching, waiting);
                events.stream().filter(e -> e.to() == JobState.WAITING_RESULT).findFirst()
                        .map(e -> java.util.regex.Pattern.compile("instances(?: \\([^)]*\\))? in (\\d+) ms").matcher(e.detail()))
                        .filter(java.util.regex.Matcher::find)
                        .ifPresent(m -> stage.computeIfAbsent("3a of which the vendor's association (receipt)",
                                k -> new ArrayList<>()).add(Long.parseLong(m.group(1))));
                add(stage, "4 dispatched -> result row (vendor, its C-STORE back)", waiting, result);
                add(stage, "5 result row -> job RESULT_RECEIVED", result, recordedMove);
                add(stage, "6 RESULT_RECEIVED -> DELIVERING (hand-over)", recordedMove, delivering);
                for (Delivery d : gateway.delivery().store().forStudy(uid)) {
                    List<DeliveryEvent> de = gateway.delivery().store().events(d.id());
                    Instant claimed = de.stream().filter(e -> e.to() == DeliveryState.SENDING).map(DeliveryEvent::at)
                            .findFirst().orElse(null);
                    add(stage, "7 " + d.sink() + ": delivery created -> claimed", d.createdAt(), claimed);
                    add(stage, "8 " + d.sink() + ": claimed -> acknowledged", claimed, d.finishedAt());
                    add(stage, "9 " + d.sink() + ": DELIVERING -> delivery created", delivering, d.createdAt());
                    // the delivery side alone (hand-over, queue, build, send), without completion and dispatch
                    add(stage, "R " + d.sink() + ": result row -> acknowledged", result, d.finishedAt());
                }
            }
        }
        stage.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<Long> v = sorted(e.getValue());
            System.out.printf("BENCH stage %-58s n=%2d p50 %5d p95 %5d p99 %5d max %5d ms%n", e.getKey(), v.size(),
                    pct(v, 50), pct(v, 95), pct(v, 99), v.get(v.size() - 1));
        });
    }

    private static Instant firstAt(List<org.varde.gateway.jobs.JobEvent> events, JobState to) {
        return events.stream().filter(e -> e.to() == to).map(org.varde.gateway.jobs.JobEvent::at).findFirst()
                .orElse(null);
    }

    private static void add(Map<String, List<Long>> stage, String name, Instant from, Instant to) {
        if (from != null && to != null) {
            stage.computeIfAbsent(name, k -> new ArrayList<>()).add(Duration.between(from, to).toMillis());
        }
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> list = new ArrayList<>(values == null ? List.of() : values);
        list.sort(Comparator.naturalOrder());
        return list;
    }

    private static long pct(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
