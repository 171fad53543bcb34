package org.varde.gateway.orchestration;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline in one JVM against real peers: dcmtk storescu sends generated studies to the
 * gateway, the study completes (idle timer, MPPS), the router decides with the intended-use guard,
 * jobs run, and dcmtk storescp as the vendor receives exactly the selected series. Run on embedded
 * H2 and on PostgreSQL by the subclasses.
 */
abstract class PipelineContract {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Vertx vertx;
    Gateway gateway;
    Vendor lungVendor;
    Vendor chestVendor;
    Path configFile;

    /** The {@code store:} section for this database, or empty for the embedded default. */
    abstract String storeSection() throws Exception;

    @BeforeEach
    void openPeers() throws Exception {
        vertx = Vertx.vertx();
        lungVendor = new Vendor("PULMOSPOT", dir);
        chestVendor = new Vendor("CHESTTRIAGE", dir);
    }

    @AfterEach
    void closeAll() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vertx.close());
        lungVendor.close();
        chestVendor.close();
        afterGatewayStopped();
    }

    /** Runs after the gateway stopped: subclasses drop what they created for the store. */
    void afterGatewayStopped() throws Exception {
    }

    // ---------------------------------------------------------------- tests

    @Test
    void studiesAreCompletedRoutedAndTheSelectedSeriesReachTheVendorGuardKeepsAChildAway() throws Exception {
        writeConfig(1, 60, 5);
        lungVendor.start();
        chestVendor.start();
        start();
        Path ct = generate(StudyKind.CT_THORAX, 1, 11);
        Path cxr = generate(StudyKind.CXR, 2, 12);
        Path adultCxr = cxr.resolve("1");
        Path childCxr = cxr.resolve("2");
        makeChild(childCxr);

        send(ct);
        send(cxr);

        String ctUid = studyUid(ct);
        String adultUid = studyUid(adultCxr);
        String childUid = studyUid(childCxr);
        Job lung = awaitOnlyJob(ctUid, JobState.WAITING_RESULT);
        Job chest = awaitOnlyJob(adultUid, JobState.WAITING_RESULT);
        assertEquals("lung-nodules", lung.algorithmId());
        assertEquals("cxr-triage", chest.algorithmId());

        Map<String, Set<String>> ctSeries = instancesBySeries(ct);
        assertTrue(lung.selectedSeries().size() < ctSeries.size(), "the route selects some series, not all: " + lung);
        assertEquals(instancesOf(ctSeries, lung.selectedSeries()), lungVendor.sopInstanceUids());
        Map<String, Set<String>> adultSeries = instancesBySeries(adultCxr);
        assertEquals(instancesOf(adultSeries, chest.selectedSeries()), chestVendor.sopInstanceUids(),
                "the adult's frontal view, nothing of the child");

        assertTrue(gateway.jobStore().forStudy(childUid).isEmpty(), "no job for a child's chest radiograph");
        List<RecordedDecision> child = await(gateway.decisions(childUid));
        RecordedDecision refused = child.stream().filter(d -> d.algorithm().equals("cxr-triage")).findFirst().orElseThrow();
        assertEquals("GUARD_REFUSED", refused.outcome());
        assertTrue(refused.decision().get("why").asText().contains("PatientAge >= 18"), refused.toJson().toString());
        assertTrue(refused.decision().get("reasons").size() > 0);

        List<RecordedDecision> ctDecisions = await(gateway.decisions(ctUid));
        RecordedDecision sent = ctDecisions.stream().filter(d -> d.algorithm().equals("lung-nodules")).findFirst().orElseThrow();
        assertEquals("SEND", sent.outcome());
        assertEquals(Disposition.JOB, sent.disposition());
        assertEquals(lung.id(), sent.jobId());
        String scrape = gateway.metrics().registry().scrape();
        assertTrue(scrape.contains("varde_routing_decisions_total{algorithm=\"cxr-triage\",outcome=\"guard-refused\",reason=\"PatientAge >= 18\""), scrape);
        assertTrue(scrape.contains("varde_dispatch_latency_seconds_count{algorithm=\"lung-nodules\",outcome=\"acknowledged\"} 1"), scrape);
        assertTrue(scrape.contains("varde_studies_completed_total{trigger=\"idle\""), scrape);
        // the job gauges are refreshed off the event loop every few seconds
        assertTrue(Poll.until(Duration.ofSeconds(15), () -> gateway.metrics().registry().scrape()
                .contains("varde_jobs{state=\"waiting_result\"} 2.0")), gateway.metrics().registry().scrape());
    }

    @Test
    void vendorDownRetriesThenDeadLettersAndAReplayDeliversOnceItIsBack() throws Exception {
        writeConfig(1, 60, 2);
        chestVendor.start();
        start();
        Path ct = generate(StudyKind.CT_THORAX, 1, 21);
        send(ct);
        String ctUid = studyUid(ct);

        Job dead = awaitOnlyJob(ctUid, JobState.DEAD_LETTER);
        assertEquals(2, dead.attempts());
        assertTrue(dead.lastError().startsWith("unreachable"), dead.lastError());
        assertEquals(0, lungVendor.fileCount());

        lungVendor.start();
        gateway.jobStore().retry(dead.id());
        Job done = awaitOnlyJob(ctUid, JobState.WAITING_RESULT);
        assertEquals(dead.id(), done.id());
        assertEquals(instancesOf(instancesBySeries(ct), done.selectedSeries()), lungVendor.sopInstanceUids());
    }

    @Test
    void aRestartInTheMiddleOfAssemblyResumesTheIdleTimer() throws Exception {
        writeConfig(4, 60, 5);
        chestVendor.start();
        start();
        Path cxr = generate(StudyKind.CXR, 1, 31);
        send(cxr);
        String uid = studyUid(cxr.resolve("1"));
        await(gateway.stop());
        gateway = null;
        assertTrue(chestVendor.sopInstanceUids().isEmpty(), "stopped before the idle timeout");

        start();
        Job done = awaitOnlyJob(uid, JobState.WAITING_RESULT);
        assertEquals(instancesOf(instancesBySeries(cxr.resolve("1")), done.selectedSeries()),
                chestVendor.sopInstanceUids());
    }

    @Test
    void anInvalidReloadIsRefusedAndTheOldRoutingStaysInForce() throws Exception {
        writeConfig(1, 60, 5);
        start();
        RoutingConfig before = gateway.routing();
        Path routes = dir.resolve("routes.yaml");
        String good = Files.readString(routes);

        Files.writeString(routes, good.replace("mode: clinical", "mode: clinical\n    colour: blue"));
        ConfigStatus refused = await(gateway.reloadConfig());
        assertFalse(refused.ok());
        assertTrue(refused.lastError().contains("colour"), refused.lastError());
        assertSame(before, gateway.routing());
        assertFalse(gateway.configStatus().ok());

        // the file watch picks up a valid change without being asked
        Files.writeString(routes, good.replace("name: xr-chest", "name: xr-chest-v2"));
        assertTrue(Poll.until(Duration.ofSeconds(20), () -> gateway.configStatus().ok()
                && gateway.routing().routes().routes().stream().anyMatch(r -> r.name().equals("xr-chest-v2"))));
        assertNotEquals(before, gateway.routing());
    }

    @Test
    void mppsCompletedCompletesTheStudyBeforeItsIdleTimeout() throws Exception {
        writeConfig(120, 120, 5);
        chestVendor.start();
        start();
        Path cxr = generate(StudyKind.CXR, 1, 41).resolve("1");
        String uid = studyUid(cxr);
        List<Attributes> images = headers(cxr);
        String step = "1.2.826.0.1.3680043.10.543." + System.nanoTime();
        Context context = vertx.getOrCreateContext();
        ClientAssociation modality = on(context, () -> DicomClient.create(vertx).open("127.0.0.1",
                gateway.dicomPort(), "CR01", "VARDE", List.of(PresentationContext.offer(1,
                        UID.ModalityPerformedProcedureStep, List.of(UID.ExplicitVRLittleEndian)))));
        try {
            NormalizedResponse created = on(context, () -> modality.nCreate(UID.ModalityPerformedProcedureStep, step,
                    inProgress(uid)));
            assertEquals(Status.SUCCESS, created.status());
            send(cxr.getParent());
            long started = System.nanoTime();
            NormalizedResponse completed = on(context, () -> modality.nSet(UID.ModalityPerformedProcedureStep, step,
                    completed(images)));
            assertEquals(Status.SUCCESS, completed.status());

            Job done = awaitOnlyJob(uid, JobState.WAITING_RESULT);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(60)) < 0);
            assertEquals(instancesOf(instancesBySeries(cxr), done.selectedSeries()), chestVendor.sopInstanceUids());
        } finally {
            on(context, modality::release);
        }
    }

    @Test
    void lateInstancesAreSentOnlyToRoutesThatAcceptUpdatesAndNothingIsSentTwice() throws Exception {
        writeConfig(1, 60, 5, true);
        lungVendor.start();
        chestVendor.start();
        start();
        Path ct = generate(StudyKind.CT_THORAX, 1, 51);
        Path cxr = generate(StudyKind.CXR, 1, 52);
        Map<String, Set<String>> ctSeries = instancesBySeries(ct);
        Path late = Files.createDirectories(dir.resolve("late"));
        // the last image of every CT series, and every CXR series but the first, arrive after completion
        for (Path file : files(ct)) {
            if (file.getFileName().toString().equals("6.dcm")) {
                Files.move(file, late.resolve("ct-" + file.getParent().getFileName() + ".dcm"));
            }
        }
        List<Path> cxrFiles = files(cxr);
        assertTrue(cxrFiles.size() > 1, "the CXR has a second view to arrive late");
        for (Path file : cxrFiles.subList(1, cxrFiles.size())) {
            Files.move(file, late.resolve("cxr-" + file.getParent().getFileName() + ".dcm"));
        }
        String ctUid = studyUid(ct);
        String cxrUid = studyUid(cxr);
        send(ct);
        send(cxr);
        Job first = awaitOnlyJob(ctUid, JobState.WAITING_RESULT);
        awaitOnlyJob(cxrUid, JobState.WAITING_RESULT);
        Set<String> firstSent = lungVendor.sopInstanceUids();

        send(late);

        List<Job>[] jobs = new List[1];
        assertTrue(Poll.until(WAIT, () -> {
            jobs[0] = gateway.jobStore().forStudy(ctUid);
            return jobs[0].size() == 2 && jobs[0].stream().allMatch(j -> j.state() == JobState.WAITING_RESULT);
        }), "a follow-up job for the CT: " + jobs[0]);
        Job update = jobs[0].stream().filter(j -> !j.id().equals(first.id())).findFirst().orElseThrow();
        assertEquals(2, update.generation());
        Set<String> all = instancesOf(ctSeries, update.selectedSeries());
        assertEquals(all, lungVendor.sopInstanceUids(), "the vendor has every selected instance");
        int lateCount = all.size() - firstSent.size();
        assertTrue(lateCount > 0);
        String detail = gateway.jobStore().events(update.id()).stream().filter(e -> e.to() == JobState.WAITING_RESULT)
                .findFirst().orElseThrow().detail();
        assertTrue(detail.startsWith("vendor acknowledged " + lateCount + " instances"),
                "only the late instances were sent again: " + detail);

        // the chest route does not accept updates: the follow-up is decided, recorded, and sends nothing
        assertTrue(Poll.untilIo(WAIT, () -> await(gateway.decisions(cxrUid)).stream().anyMatch(d -> d.generation() == 1)));
        RecordedDecision followUp = await(gateway.decisions(cxrUid)).stream()
                .filter(d -> d.generation() == 1 && d.algorithm().equals("cxr-triage")).findFirst().orElseThrow();
        assertEquals("SEND", followUp.outcome(), followUp.toJson().toString());
        assertEquals(Disposition.UPDATE_NOT_ACCEPTED, followUp.disposition());
        assertEquals(1, gateway.jobStore().forStudy(cxrUid).size());
    }

    @Test
    void aThinSeriesStreamingInCompletesTheStudyOnceAfterItsLastSliceAndEverySliceIsSent() throws Exception {
        // the expected series would fire on its first slice; it settles 1 s after the last instance instead
        writeConfig(60, 60, 5, "{idleSeconds: 600, seriesSettleSeconds: 1, expectedSeries: {all: ["
                + "{attribute: SeriesDescription, regex: '(?i)thorax.*1[.,]0'}, {attribute: ImageType, equals: AXIAL}]}}");
        lungVendor.start();
        chestVendor.start();
        start();
        Path ct = dir.resolve("studies-thin");
        StudyGenerator.generate(ct, new GeneratorOptions(StudyKind.CT_THORAX, 1, 61, 24, 64));
        Set<String> thin = new HashSet<>();
        for (Attributes h : headers(ct)) {
            if (h.getString(Tag.SeriesDescription).contains("1.0")) {
                thin.add(h.getString(Tag.SOPInstanceUID));
            }
        }
        assertEquals(24, thin.size());
        String ctUid = studyUid(ct);

        send(ct);

        Job lung = awaitOnlyJob(ctUid, JobState.WAITING_RESULT);
        var status = await(gateway.studyAssembler().status(ctUid)).orElseThrow();
        assertEquals(0, status.generation(), "one completion, no follow-up: " + status);
        assertEquals("EXPECTED_SERIES", String.valueOf(status.trigger()));
        Set<String> received = lungVendor.sopInstanceUids();
        assertEquals(instancesOf(instancesBySeries(ct), lung.selectedSeries()), received);
        assertTrue(received.containsAll(thin), "all 24 thin slices, not those that had arrived at the first");
        assertTrue(await(gateway.decisions(ctUid)).stream().allMatch(d -> d.generation() == 0));
    }

    /**
     * Every protocol of the registry has an adapter now (dicom, dicomweb, rest), so "no adapter" cannot
     * be configured any more; a REST vendor nobody listens for is an outage: retried, with the reason.
     */
    @Test
    void aJobForARestVendorNobodyListensForIsRetriedWithTheReason() throws Exception {
        writeConfig(1, 60, 5);
        Path algorithms = dir.resolve("algorithms.yaml");
        Files.writeString(algorithms, Files.readString(algorithms).replaceFirst(
                "endpoint: \\{protocol: dicom, host: 127.0.0.1, port: \\d+, aeTitle: PULMOSPOT}",
                "endpoint: {protocol: rest, url: \"http://127.0.0.1:9/api\", result: poll,"
                        + " mapping: {status: /s, studyInstanceUid: /u, algorithmVersion: /v}}"));
        assertTrue(Files.readString(algorithms).contains("protocol: rest"));
        chestVendor.start();
        start();
        Path ct = generate(StudyKind.CT_THORAX, 1, 71);
        String ctUid = studyUid(ct);

        send(ct);

        assertTrue(Poll.until(WAIT, () -> gateway.jobStore().forStudy(ctUid).stream()
                .anyMatch(j -> j.attempts() >= 1 && j.lastError() != null)), "the job failed once");
        Job job = gateway.jobStore().forStudy(ctUid).get(0);
        assertTrue(job.lastError().startsWith("unreachable: "), job.lastError());
        assertTrue(job.state() == JobState.PENDING || job.state() == JobState.DISPATCHING, "retried: " + job);
        assertTrue(lungVendor.sopInstanceUids().isEmpty());
    }

    // ---------------------------------------------------------------- fixtures

    /** Writes the config, catalogue and routes into {@link #dir}: two products, each at its storescp. */
    void writeConfig(int idleSeconds, int defaultIdleSeconds, int maxAttempts) throws Exception {
        writeConfig(idleSeconds, defaultIdleSeconds, maxAttempts, false);
    }

    /** @param ctAcceptsUpdates whether the CT route's algorithm gets follow-ups ("study updated") */
    void writeConfig(int idleSeconds, int defaultIdleSeconds, int maxAttempts, boolean ctAcceptsUpdates) throws Exception {
        writeConfig(idleSeconds, defaultIdleSeconds, maxAttempts,
                "{idleSeconds: %d, acceptUpdates: %b}".formatted(idleSeconds, ctAcceptsUpdates));
    }

    /** @param ctCompletion the CT route's {@code completion} settings, as a YAML flow mapping */
    void writeConfig(int idleSeconds, int defaultIdleSeconds, int maxAttempts, String ctCompletion) throws Exception {
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
                    concurrency: 2
                    timeoutSeconds: 60
                  - id: cxr-triage
                    vendor: Polar AI Oy (sandbox)
                    product: ChestTriage DX
                    approvedVersion: "5.0.2"
                    ceClass: IIb
                    notifiedBody: "NB 9903 Sandbox Conformity Services"
                    certificateId: SANDBOX-MDR-9903-0214
                    regulatoryStatus: ce-marked
                    intendedUse:
                      modalities: [DX, CR]
                      bodyParts: [CHEST]
                      viewPositions: [PA, AP]
                      minAgeYears: 18
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: CHESTTRIAGE}
                    concurrency: 2
                    timeoutSeconds: 60
                """.formatted(lungVendor.port, chestVendor.port));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax-nodules
                    match: {attribute: Modality, equals: CT}
                    series:
                      all:
                        - {attribute: ImageType, equals: AXIAL}
                        - {attribute: ImageType, equals: ORIGINAL}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: %s
                  - name: xr-chest
                    match:
                      all:
                        - {attribute: Modality, in: [DX, CR]}
                        - {attribute: BodyPartExamined, equals: CHEST}
                    algorithms: [cxr-triage]
                    mode: clinical
                    completion: {idleSeconds: %d}
                """.formatted(ctCompletion, idleSeconds));
        configFile = dir.resolve("varde.yaml");
        Files.writeString(configFile, """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "CR01@127.0.0.1"]}
                storage: {dir: ./var}
                %s
                node: {id: test-node}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                completion: {defaultIdleSeconds: %d, mppsGraceSeconds: 5}
                jobs: {leaseSeconds: 4, maxAttempts: %d, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                dispatch: {callingAeTitle: VARDE}
                """.formatted(storeSection(), defaultIdleSeconds, maxAttempts));
    }

    void start() throws Exception {
        GatewayConfig config = ConfigLoader.load(configFile);
        // ephemeral ports: the file's ports are never bound
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
    }

    Path generate(StudyKind kind, int studies, long seed) throws IOException {
        Path out = dir.resolve("studies-" + kind.cliName() + "-" + seed);
        int images = kind == StudyKind.CT_THORAX ? 6 : 2;
        StudyGenerator.generate(out, new GeneratorOptions(kind, studies, seed, images, 64));
        return out;
    }

    /** A child's radiograph: age 6 at the study date, no birth date to contradict it. */
    void makeChild(Path studyDir) throws Exception {
        for (Path file : files(studyDir)) {
            Processes.Result r = Processes.run(List.of("dcmodify", "-nb", "-m", "(0010,1010)=006Y",
                    "-ea", "(0010,0030)", file.toString()), dir);
            assertEquals(0, r.exitCode(), r.output());
        }
    }

    void send(Path folder) throws Exception {
        Processes.Result r = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, r.exitCode(), r.output());
    }

    Job awaitOnlyJob(String studyUid, JobState state) {
        List<Job>[] last = new List[1];
        boolean reached = Poll.until(WAIT, () -> {
            last[0] = gateway.jobStore().forStudy(studyUid);
            return last[0].size() == 1 && last[0].get(0).state() == state;
        });
        assertTrue(reached, "expected one job in " + state + ", had " + last[0]);
        return last[0].get(0);
    }

    static List<Path> files(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    static List<Attributes> headers(Path folder) throws IOException {
        List<Attributes> headers = new ArrayList<>();
        for (Path file : files(folder)) {
            headers.add(DicomFiles.header(file));
        }
        return headers;
    }

    static String studyUid(Path folder) throws IOException {
        return headers(folder).get(0).getString(Tag.StudyInstanceUID);
    }

    static Map<String, Set<String>> instancesBySeries(Path folder) throws IOException {
        Map<String, Set<String>> bySeries = new TreeMap<>();
        for (Attributes h : headers(folder)) {
            bySeries.computeIfAbsent(h.getString(Tag.SeriesInstanceUID), k -> new HashSet<>())
                    .add(h.getString(Tag.SOPInstanceUID));
        }
        return bySeries;
    }

    static Set<String> instancesOf(Map<String, Set<String>> bySeries, List<String> series) {
        assertFalse(series.isEmpty(), "a job selects at least one series");
        return series.stream().flatMap(s -> bySeries.get(s).stream()).collect(Collectors.toSet());
    }

    /** PS3.4 F.7.2.1: the N-CREATE of an IN PROGRESS step scheduled for the study. */
    static Attributes inProgress(String studyUid) {
        Attributes ds = new Attributes();
        ds.setString(Tag.Modality, VR.CS, "CR");
        ds.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-1");
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.IN_PROGRESS);
        Attributes scheduled = new Attributes(ds);
        scheduled.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.newSequence(Tag.ScheduledStepAttributesSequence).add(scheduled);
        ds.newSequence(Tag.PerformedSeriesSequence);
        return ds;
    }

    /** PS3.4 F.7.2.2: the final N-SET COMPLETED, referencing every image of the study. */
    static Attributes completed(List<Attributes> images) {
        Attributes ds = new Attributes();
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.COMPLETED);
        List<Attributes> performed = ds.newSequence(Tag.PerformedSeriesSequence);
        Map<String, List<Attributes>> bySeries = images.stream()
                .collect(Collectors.groupingBy(h -> h.getString(Tag.SeriesInstanceUID), TreeMap::new, Collectors.toList()));
        bySeries.forEach((seriesUid, members) -> {
            Attributes series = new Attributes(ds);
            series.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
            List<Attributes> refs = series.newSequence(Tag.ReferencedImageSequence);
            for (Attributes image : members) {
                Attributes ref = new Attributes(series);
                ref.setString(Tag.ReferencedSOPClassUID, VR.UI, image.getString(Tag.SOPClassUID));
                ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, image.getString(Tag.SOPInstanceUID));
                refs.add(ref);
            }
            performed.add(series);
        });
        return ds;
    }

    static <T> T on(Context context, Supplier<Future<T>> call) throws Exception {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(promise));
        return await(promise.future());
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
