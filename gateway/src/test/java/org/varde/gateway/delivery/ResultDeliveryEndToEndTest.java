package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.sink.fhir.TestFhirServer;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.connectors.sink.pacs.DicomValidators;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.api.OpenApiSchemas;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.JobWaits;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.peer.LocalOrthanc;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The "done means", with no further action after storescu: a planted-nodule CT goes through
 * a running gateway to the sandbox DICOM vendor, which runs its nodule detector on the pixels and
 * answers with a TID 1500 SR (the nodule and its diameter, SCT 81827009), which and is delivered to a
 * real Orthanc (fetched back by WADO-RS, accepted by dciodvfy and PixelMed), a HAPI FHIR server
 * (a Task with priority urgent) and HAPI's MLLP listener (an ORU it acknowledged). The same study
 * without a nodule asks for no priority; a shadow route sends nothing clinical but keeps what it
 * built, visible in the API; PACS down does not hold back FHIR, and the operator's replay delivers.
 */
class ResultDeliveryEndToEndTest {
    private static final Duration WAIT = DeliveryPeers.WAIT;
    private static final String APPROVED = "2.1.0";

    @TempDir
    static Path shared;
    private static DeliveryPeers peers;
    private static LocalOrthanc orthanc;
    private static TestFhirServer fhir;
    private static TestMllpListener mllp;

    @TempDir
    Path dir;
    private Vertx vertx;
    private SandboxDicomVendor vendor;
    private Gateway gateway;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void peers() throws Exception {
        peers = DeliveryPeers.start(shared);
        orthanc = peers.orthanc();
        fhir = peers.fhir();
        mllp = peers.mllp();
    }

    @AfterAll
    static void closePeers() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        vendor = new SandboxDicomVendor(vertx);
    }

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vendor.close());
        await(vertx.close());
    }

    @Test
    void aPlantedNoduleEndsAsAnSrInPacsAnUrgentTaskAndAnAcknowledgedOru() throws Exception {
        Path study = generate("nodule", 81, 1.0);
        start("clinical", orthanc.dicomPort());
        int oruBefore = mllp.received().size();

        String studyUid = send(study);
        Job job = awaitJob(studyUid, JobState.DONE);

        List<Delivery> deliveries = gateway.delivery().store().forStudy(studyUid);
        assertEquals(3, deliveries.size(), deliveries.toString());
        for (Delivery d : deliveries) {
            assertEquals(DeliveryState.DELIVERED, d.state(), d + " " + gateway.delivery().store().events(d.id()));
            assertEquals("urgent", d.priority().orElseThrow().fhirCode(), "nodule >= 8 mm: urgent");
            assertEquals(DeliveryMode.CLINICAL, d.mode());
        }
        String resultId = deliveries.get(0).resultId();
        List<String> path = gateway.jobStore().events(job.id()).stream().map(e -> e.to().name()).toList();
        assertTrue(path.containsAll(List.of("RESULT_RECEIVED", "DELIVERING", "DONE")), path.toString());

        // PACS: the SR is in Orthanc under the source study, fetched back by DICOMweb, and valid
        JsonObject srSeries = peers.srSeries(studyUid);
        assertNotNull(srSeries, "an SR series under study " + studyUid + ": " + peers.series(studyUid));
        String seriesUid = value(srSeries, "0020000E");
        JsonArray instances = peers.instances(studyUid, seriesUid);
        assertEquals(1, instances.size(), instances.encode());
        String srUid = value(instances.getJsonObject(0), "00080018");
        Path sr = peers.wadoRs(studyUid, seriesUid, srUid, dir);
        var header = DicomFiles.header(sr);
        assertEquals(studyUid, header.getString(Tag.StudyInstanceUID));
        assertEquals("1.2.840.10008.5.1.4.1.1.88.34", header.getString(Tag.SOPClassUID), "Comprehensive 3D SR");
        assertEquals("UNVERIFIED", header.getString(Tag.VerificationFlag));
        assertEquals(firstHeader(study).getString(Tag.PatientID), header.getString(Tag.PatientID));
        DicomValidators.Outcome dciodvfy = DicomValidators.dciodvfy(sr);
        assertTrue(dciodvfy.errors().isEmpty(), "dciodvfy: " + dciodvfy.output());
        if (DicomValidators.pixelmedInstalled()) {
            DicomValidators.Outcome pixelmed = DicomValidators.pixelmedSr(List.of(sr)).values().iterator().next();
            assertTrue(pixelmed.errors().isEmpty(), "PixelMed: " + pixelmed.output());
        } else {
            throw new AssertionError("PixelMed (libpixelmed-java) is needed: run scripts/install-test-deps.sh");
        }

        // FHIR: a Task asking for urgent, for this result
        Task task = fhir.all(Task.class).stream().filter(t -> t.getIdentifier().stream()
                .anyMatch(i -> i.getValue().equals(resultId + ".1"))).findFirst().orElseThrow(() ->
                new AssertionError("no Task for result " + resultId + " among " + fhir.all(Task.class).size()));
        assertEquals(Task.TaskPriority.URGENT, task.getPriority());

        // HL7: the ORU the listener parsed and acknowledged (the delivery's receipt is its ACK)
        assertTrue(mllp.received().size() > oruBefore, "the MLLP listener received the ORU");
        Message oru = mllp.received().get(mllp.received().size() - 1);
        assertEquals("ORU", new Terser(oru).get("/MSH-9-1"));
        Delivery hl7 = deliveries.stream().filter(d -> d.sink().equals("ris-hl7")).findFirst().orElseThrow();
        assertTrue(hl7.receipt().contains("AA"), hl7.receipt());

        // the API shows every delivery with its history
        JsonObject studyJson = new JsonObject(get("/api/studies/" + studyUid).body());
        JsonArray shown = studyJson.getJsonArray("deliveries");
        assertEquals(3, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            JsonObject d = shown.getJsonObject(i);
            assertEquals("DELIVERED", d.getString("state"));
            List<String> states = d.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("to")).toList();
            assertEquals(List.of("PENDING", "SENDING", "DELIVERED"), states, d.encode());
        }
        // and the end-to-end metric: last instance received -> priority flag delivered, per sink
        String scrape = gateway.metrics().registry().scrape();
        assertTrue(scrape.contains("varde_delivery_end_to_end_seconds_count{priority_flag=\"true\",sink=\"ris-fhir\"} 1"),
                scrape.lines().filter(l -> l.contains("end_to_end")).toList().toString());
        assertTrue(scrape.contains("varde_deliveries_total{outcome=\"delivered\",sink=\"pacs\"} 1.0"));
    }

    @Test
    void theSameStudyWithoutANoduleAsksForNoPriority() throws Exception {
        Path study = generate("clean", 82, 0.0);
        start("clinical", orthanc.dicomPort());

        String studyUid = send(study);
        awaitJob(studyUid, JobState.DONE);

        List<Delivery> deliveries = gateway.delivery().store().forStudy(studyUid);
        assertEquals(3, deliveries.size(), deliveries.toString());
        for (Delivery d : deliveries) {
            assertEquals(DeliveryState.DELIVERED, d.state(), d + " " + gateway.delivery().store().events(d.id()));
            assertTrue(d.priority().isEmpty(), "a negative result changes no priority: " + d);
        }
        String resultId = deliveries.get(0).resultId();
        assertTrue(fhir.all(Task.class).stream().noneMatch(t -> t.getIdentifier().stream()
                .anyMatch(i -> i.getValue().equals(resultId + ".1"))), "no Task for a negative result");
    }

    @Test
    void aShadowRouteWritesNothingClinicalButKeepsWhatItBuilt() throws Exception {
        Path study = generate("shadow", 83, 1.0);
        start("shadow", orthanc.dicomPort());
        int transactions = fhir.transactions();
        int messages = mllp.received().size();

        String studyUid = send(study);
        awaitJob(studyUid, JobState.DONE);

        List<Delivery> deliveries = gateway.delivery().store().forStudy(studyUid);
        assertEquals(3, deliveries.size(), deliveries.toString());
        for (Delivery d : deliveries) {
            assertEquals(DeliveryState.KEPT, d.state(), d + " " + gateway.delivery().store().events(d.id()));
            assertEquals(DeliveryMode.SHADOW, d.mode());
        }
        assertEquals(new JsonArray(), peers.series(studyUid), "nothing of the study in PACS");
        assertEquals(transactions, fhir.transactions(), "nothing sent to the FHIR server");
        assertEquals(messages, mllp.received().size(), "nothing sent to the MLLP listener");

        // what would have been sent is visible to an operator: the Bundle with its Task, the ORU, the SR
        for (Delivery d : deliveries) {
            JsonObject shown = new JsonObject(get("/api/deliveries/" + d.id()).body());
            String prepared = shown.getString("prepared");
            assertNotNull(prepared, shown.encode());
            switch (d.sink()) {
                case "ris-fhir" -> assertTrue(prepared.contains("\"resourceType\": \"Task\"")
                        && prepared.contains("\"priority\": \"urgent\""), prepared);
                case "ris-hl7" -> assertTrue(prepared.startsWith("MSH|") && prepared.contains("ORU^R01"), prepared);
                default -> assertTrue(prepared.contains("1.2.840.10008.5.1.4.1.1.88.34"), prepared);
            }
        }
        JsonArray kept = new JsonArray(get("/api/deliveries?state=KEPT").body());
        assertTrue(kept.size() >= 3, kept.encode());
    }

    @Test
    void aQuarantinedResultDeliversNothing() throws Exception {
        Path study = generate("quarantined", 84, 1.0);
        start("clinical", orthanc.dicomPort());
        // the vendor now reports a version the catalogue has not approved
        vendor.answering(ResultsAnswer.detecting(org.varde.testdata.Finding.NODULE, "127.0.0.1", gateway.dicomPort(),
                "VARDE_RESULTS", "PULMOSPOT", "PulmoSpot", "9.9.9-unapproved"));
        int transactions = fhir.transactions();
        int messages = mllp.received().size();

        String studyUid = send(study);
        Job job = awaitJob(studyUid, JobState.QUARANTINED);

        assertTrue(gateway.delivery().store().forStudy(studyUid).isEmpty(),
                "a quarantined result has no delivery: " + gateway.delivery().store().forStudy(studyUid));
        // give a wrongly started delivery the time to show itself before looking at the peers
        assertFalse(Poll.until(Duration.ofSeconds(3), () -> !gateway.delivery().store().forStudy(studyUid).isEmpty()),
                "a delivery appeared after the quarantine");
        assertEquals(JobState.QUARANTINED, gateway.jobStore().get(job.id()).orElseThrow().state());
        assertEquals(new JsonArray(), peers.series(studyUid), "nothing of the study in PACS");
        assertEquals(transactions, fhir.transactions(), "nothing sent to the FHIR server");
        assertEquals(messages, mllp.received().size(), "nothing sent to the MLLP listener");
    }

    @Test
    void pacsDownDoesNotHoldBackFhirAndTheOperatorsReplayDelivers() throws Exception {
        Path study = generate("down", 84, 1.0);
        int pacsPort = TestMllpListener.freePort();
        start("clinical", pacsPort);

        String studyUid = send(study);
        awaitJob(studyUid, JobState.DONE);

        Delivery pacs = only(studyUid, "pacs");
        assertEquals(DeliveryState.DEAD_LETTER, pacs.state(), pacs + " " + gateway.delivery().store().events(pacs.id()));
        assertTrue(pacs.lastError().contains("127.0.0.1:" + pacsPort), pacs.lastError());
        assertEquals(DeliveryState.DELIVERED, only(studyUid, "ris-fhir").state());
        assertEquals(DeliveryState.DELIVERED, only(studyUid, "ris-hl7").state());
        JsonArray dead = new JsonArray(get("/api/deliveries?state=DEAD_LETTER").body());
        assertTrue(dead.stream().anyMatch(d -> ((JsonObject) d).getString("id").equals(pacs.id())), dead.encode());

        // PACS comes up (dcmtk's storescp on the configured port); the operator replays the dead letter
        Path received = Files.createDirectories(dir.resolve("pacs"));
        Process storescp = Processes.start(List.of("storescp", "-aet", "PACS", "-od", received.toString(),
                String.valueOf(pacsPort)), dir.resolve("storescp.log"));
        try {
            assertTrue(Poll.until(WAIT, () -> portOpen(pacsPort)), "storescp listens");
            HttpResponse<String> viewer = http.send(request("/api/deliveries/" + pacs.id() + "/retry",
                    gateway.tokens().create("viewer-" + System.nanoTime(), Role.VIEWER, "test"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, viewer.statusCode(), "a viewer cannot replay");
            OpenApiSchemas.assertDocumented("POST", "/api/deliveries/" + pacs.id() + "/retry", viewer);
            HttpResponse<String> retry = http.send(request("/api/deliveries/" + pacs.id() + "/retry", token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, retry.statusCode(), retry.body());
            OpenApiSchemas.assertDocumented("POST", "/api/deliveries/" + pacs.id() + "/retry", retry);
            assertTrue(Poll.until(WAIT, () -> gateway.delivery().store().get(pacs.id()).orElseThrow().state()
                    == DeliveryState.DELIVERED), String.valueOf(gateway.delivery().store().events(pacs.id())));
            try (var files = Files.list(received)) {
                assertEquals(1, files.count(), "the SR arrived at the PACS");
            }
            List<String> history = gateway.delivery().store().events(pacs.id()).stream().map(e -> e.to().name()).toList();
            assertEquals(List.of("PENDING", "SENDING", "DEAD_LETTER", "PENDING", "SENDING", "DELIVERED"), history);
        } finally {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path generate(String name, long seed, double positiveRate) throws IOException {
        return DeliveryPeers.generateCt(dir.resolve(name), seed, positiveRate);
    }

    private void start(String mode, int pacsPort) throws Exception {
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
                    resultTimeoutSeconds: 120
                    outputs: [pacs, ris-fhir, ris-hl7]
                    priority:
                      rules:
                        - {finding: "SCT:27925004", measurement: "SCT:81827009", atLeast: 8, unit: mm, priority: urgent}
                      otherwise: none
                """.formatted(APPROVED, vendorPort));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: %s
                    completion: {idleSeconds: 1}
                """.formatted(mode));
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var, fsync: false}
                node: {id: delivery-e2e}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 60, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """ + peers.outputs(pacsPort, pacsPort == orthanc.dicomPort() ? LocalOrthanc.AE_TITLE : "PACS", ""));
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
        token = gateway.tokens().create("e2e-operator-" + System.nanoTime(), Role.OPERATOR, "test");
        // the vendor runs the sandbox nodule detector on the pixels it was sent: nothing is told to it
        vendor.answering(ResultsAnswer.detecting(org.varde.testdata.Finding.NODULE, "127.0.0.1", gateway.dicomPort(),
                "VARDE_RESULTS", "PULMOSPOT", "PulmoSpot", APPROVED));
    }

    private String send(Path study) throws Exception {
        return DeliveryPeers.send(gateway, study, dir);
    }

    private static org.varde.dicom.data.Attributes firstHeader(Path study) throws IOException {
        return DeliveryPeers.firstHeader(study);
    }

    private Delivery only(String studyUid, String sink) {
        return gateway.delivery().store().forStudy(studyUid).stream().filter(d -> d.sink().equals(sink)).findFirst()
                .orElseThrow();
    }

    private Job awaitJob(String studyUid, JobState state) {
        return JobWaits.awaitJob(gateway.jobStore(), studyUid, WAIT, state);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        OpenApiSchemas.assertDocumented("GET", path, response);
        return response;
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(30));
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String value(JsonObject dataSet, String tag) {
        return DeliveryPeers.value(dataSet, tag);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
