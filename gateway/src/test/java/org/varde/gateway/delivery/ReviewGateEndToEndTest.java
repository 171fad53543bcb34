package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.sink.fhir.TestFhirServer;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.connectors.sink.pacs.DicomValidators;
import org.varde.dicom.data.Attributes;
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
 * Issue 12's "done means", with real peers: a planted-nodule CT on a {@code review: required} route
 * leaves nothing in Orthanc, on the FHIR server or at the MLLP listener while it waits, survives a
 * restart of the gateway still waiting, and once a reviewer approves it through the API the SR in
 * Orthanc is VERIFIED with the reviewer as Verifying Observer (and passes dciodvfy and PixelMed), the
 * FHIR report is final with the reviewer as interpreter, the ORU final. A rejected result delivers
 * nothing and ends its job.
 */
class ReviewGateEndToEndTest {
    private static final String APPROVED = "2.1.0";
    private static final String ORGANISATION = "Varde University Hospital";

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
    private GatewayConfig config;
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
    void nothingLeavesBeforeApprovalARestartKeepsTheReviewAndTheApprovedSrIsVerifiedByTheReviewer() throws Exception {
        Path study = generate("nodule", 121);
        start();
        int oruBefore = mllp.received().size();
        int reportsBefore = fhir.all(DiagnosticReport.class).size();

        String studyUid = send(study);
        Job job = awaitJob(studyUid, JobState.AWAITING_REVIEW);

        // held: no delivery, nothing at any peer (Orthanc never had the study: only Varde's PACS sink writes there)
        assertEquals(List.of(), gateway.delivery().store().forStudy(studyUid));
        assertEquals(null, peers.srSeries(studyUid), "no SR in PACS before approval");
        assertEquals(reportsBefore, fhir.all(DiagnosticReport.class).size(), "no FHIR report before approval");
        assertEquals(oruBefore, mllp.received().size(), "no ORU before approval");

        // a restart in between loses nothing: the review is still pending, the job still held
        await(gateway.stop());
        gateway = await(Gateway.start(vertx, config));
        String reviewer = gateway.tokens().create("dr.berg", Role.REVIEWER, "test");
        JsonArray pending = new JsonArray(call("GET", "/api/reviews?state=pending", reviewer, null, 200));
        assertEquals(1, pending.size(), pending.encode());
        JsonObject review = pending.getJsonObject(0);
        assertEquals(job.id(), review.getString("jobId"));
        assertEquals(studyUid, review.getString("studyInstanceUid"));
        assertEquals(firstHeader(study).getString(Tag.PatientID), review.getJsonObject("study").getString("patientId"));
        assertEquals("positive", review.getString("verdict"));
        // the vendor's own SR, as text, for the reviewer to read
        String vendorText = review.getJsonArray("vendorReport").getJsonObject(0).getString("text");
        assertTrue(vendorText.contains("Imaging Measurement Report"), vendorText);
        assertEquals(JobState.AWAITING_REVIEW, gateway.jobStore().get(job.id()).orElseThrow().state());
        assertEquals(List.of(), gateway.delivery().store().forStudy(studyUid));
        // an operator may not approve
        call("POST", "/api/reviews/" + review.getString("id"), gateway.tokens().create("op", Role.OPERATOR, "test"),
                "{\"decision\": \"approve\"}", 403);

        call("POST", "/api/reviews/" + review.getString("id"), reviewer, "{\"decision\": \"approve\"}", 200);
        awaitJob(studyUid, JobState.DONE);
        List<Delivery> deliveries = gateway.delivery().store().forStudy(studyUid);
        assertEquals(3, deliveries.size(), deliveries.toString());
        deliveries.forEach(d -> assertEquals(DeliveryState.DELIVERED, d.state(), d.toString()));
        String resultId = deliveries.get(0).resultId();

        // PACS: VERIFIED, the reviewer as Verifying Observer, valid
        JsonObject srSeries = peers.srSeries(studyUid);
        assertNotNull(srSeries, "an SR series in Orthanc after approval");
        String seriesUid = value(srSeries, "0020000E");
        JsonArray instances = peers.instances(studyUid, seriesUid);
        assertEquals(1, instances.size(), "one SR, never an unverified one before it: " + instances.encode());
        Path sr = peers.wadoRs(studyUid, seriesUid, value(instances.getJsonObject(0), "00080018"), dir);
        Attributes header = DicomFiles.header(sr);
        assertEquals("VERIFIED", header.getString(Tag.VerificationFlag));
        Attributes observer = header.getSequence(Tag.VerifyingObserverSequence).get(0);
        assertEquals("dr.berg", observer.getString(Tag.VerifyingObserverName));
        assertEquals(ORGANISATION, observer.getString(Tag.VerifyingOrganization));
        assertNotNull(observer.getString(Tag.VerificationDateTime));
        DicomValidators.Outcome dciodvfy = DicomValidators.dciodvfy(sr);
        assertTrue(dciodvfy.errors().isEmpty(), "dciodvfy: " + dciodvfy.output());
        assertTrue(DicomValidators.pixelmedInstalled(), "PixelMed (libpixelmed-java) is needed");
        DicomValidators.Outcome pixelmed = DicomValidators.pixelmedSr(List.of(sr)).values().iterator().next();
        assertTrue(pixelmed.errors().isEmpty(), "PixelMed: " + pixelmed.output());

        // FHIR: final, the reviewer interprets
        DiagnosticReport report = fhir.all(DiagnosticReport.class).stream().filter(r -> r.getIdentifier().stream()
                .anyMatch(i -> i.getValue().equals(resultId + ".1"))).findFirst().orElseThrow();
        assertEquals(DiagnosticReport.DiagnosticReportStatus.FINAL, report.getStatus());
        assertEquals("dr.berg", report.getResultsInterpreterFirstRep().getDisplay());

        // HL7: final
        assertTrue(mllp.received().size() > oruBefore);
        Message oru = mllp.received().get(mllp.received().size() - 1);
        assertEquals("F", new Terser(oru).get("/.OBR-25"));

        // the job's history says who approved it
        assertTrue(gateway.jobStore().events(job.id()).stream().anyMatch(e -> e.detail() != null
                && e.detail().contains("approved by dr.berg")), gateway.jobStore().events(job.id()).toString());
    }

    @Test
    void aRejectedResultDeliversNothingAndEndsItsJob() throws Exception {
        Path study = generate("rejected", 122);
        start();
        int oruBefore = mllp.received().size();
        int reportsBefore = fhir.all(DiagnosticReport.class).size();
        String studyUid = send(study);
        Job job = awaitJob(studyUid, JobState.AWAITING_REVIEW);
        String reviewer = gateway.tokens().create("dr.lund", Role.REVIEWER, "test");
        JsonObject review = new JsonArray(call("GET", "/api/reviews", reviewer, null, 200)).getJsonObject(0);
        call("POST", "/api/reviews/" + review.getString("id"), reviewer, "{\"decision\": \"reject\"}", 400);
        call("POST", "/api/reviews/" + review.getString("id"), reviewer,
                "{\"decision\": \"reject\", \"reason\": \"the nodule is a vessel\"}", 200);
        awaitJob(studyUid, JobState.DONE);
        assertEquals(List.of(), gateway.delivery().store().forStudy(studyUid));
        assertEquals(null, peers.srSeries(studyUid));
        assertEquals(reportsBefore, fhir.all(DiagnosticReport.class).size());
        assertEquals(oruBefore, mllp.received().size());
        assertTrue(gateway.jobStore().events(job.id()).stream().anyMatch(e -> e.detail() != null
                && e.detail().contains("rejected by dr.lund: the nodule is a vessel")));

        // the rejection is dr.lund's disagreement in the value figures: a positive rejected, a false positive
        String viewer = gateway.tokens().create("board", Role.VIEWER, "test");
        JsonObject feedback = new JsonObject(call("GET", "/api/value?algorithm=lung-nodules", viewer, null, 200))
                .getJsonObject("feedback");
        assertEquals(1L, feedback.getLong("given"), feedback.encodePrettily());
        assertEquals(1L, feedback.getLong("disagree"));
        assertEquals(0L, feedback.getJsonObject("agreementRate").getLong("successes"));
        assertEquals(1L, feedback.getJsonObject("ppv").getLong("n"));
        assertEquals(0L, feedback.getJsonObject("ppv").getLong("successes"));
        // and the decision is an audit event naming who, the study and why, in a chain that verifies
        String admin = gateway.tokens().create("auditor", Role.ADMIN, "test");
        JsonArray events = new JsonArray(call("GET", "/api/audit?limit=10000", admin, null, 200));
        JsonObject rejected = events.stream().map(JsonObject.class::cast)
                .filter(e -> "REVIEW_REJECTED".equals(e.getString("action")) && studyUid.equals(e.getString("studyInstanceUid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no REVIEW_REJECTED in " + events.encodePrettily()));
        assertEquals("dr.lund", rejected.getString("actor"));
        assertEquals("TOKEN", rejected.getString("actorKind"));
        assertEquals("SUCCESS", rejected.getString("outcome"));
        assertEquals(job.id(), rejected.getString("jobId"));
        assertTrue(rejected.getString("detail").contains("the nodule is a vessel"), rejected.encode());
        assertEquals(true, new JsonObject(call("GET", "/api/audit/verify", admin, null, 200)).getBoolean("intact"));
    }

    private Path generate(String name, long seed) throws IOException {
        return DeliveryPeers.generateCt(dir.resolve(name), seed, 1.0);
    }

    private void start() throws Exception {
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
                """.formatted(APPROVED, vendorPort));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                    review: required
                    reviewAlertMinutes: 30
                    reviewOrganisation: %s
                """.formatted(ORGANISATION));
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var, fsync: false}
                node: {id: review-e2e}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 60, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """ + peers.outputs());
        GatewayConfig loaded = ConfigLoader.load(configFile);
        config = loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
        vendor.answering(ResultsAnswer.detecting(org.varde.testdata.Finding.NODULE, "127.0.0.1", gateway.dicomPort(),
                "VARDE_RESULTS", "PULMOSPOT", "PulmoSpot", APPROVED));
    }

    private String send(Path study) throws Exception {
        return DeliveryPeers.send(gateway, study, dir);
    }

    private static Attributes firstHeader(Path study) throws IOException {
        return DeliveryPeers.firstHeader(study);
    }

    private Job awaitJob(String studyUid, JobState state) {
        return JobWaits.awaitJob(gateway.jobStore(), studyUid, DeliveryPeers.WAIT, state);
    }

    private String call(String method, String path, String bearer, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        OpenApiSchemas.assertDocumented(method, path, response);
        return response.body();
    }

    private static String value(JsonObject dataSet, String tag) {
        return DeliveryPeers.value(dataSet, tag);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
