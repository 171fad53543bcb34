package org.varde.connectors.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.SinkFailure;

/** The FHIR sink against a real HAPI FHIR server that validates every request it takes. */
class FhirSinkTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T10:15:30Z");
    private static final String PATIENTS = "urn:oid:2.16.578.1.12.4.1.4.1";
    private static final String ACCESSIONS = "urn:oid:1.2.3.4.5.6";

    private static TestFhirServer server;
    private FhirSink sink;
    private FhirReportBuilder builder;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestFhirServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newSink() {
        FhirSinkOptions options = options(server.baseUrl(), Duration.ofSeconds(30));
        sink = new FhirSink(options);
        builder = new FhirReportBuilder(options);
    }

    private static FhirSinkOptions options(String base, Duration requestTimeout) {
        return new FhirSinkOptions(URI.create(base), Optional.empty(), PATIENTS, ACCESSIONS, Duration.ofSeconds(5), requestTimeout);
    }

    private Bundle noduleBundle(String resultId) {
        return builder.build(new ReportKey(resultId, 1), Results.nodule(9.5, 0.91), Results.study(),
                Optional.of(WorklistPriority.URGENT), ISSUED);
    }

    @Test
    void aNoduleResultValidatesWithoutErrors() {
        assertEquals(List.of(), sink.validate(noduleBundle("r-valid")));
        assertEquals(List.of(), sink.validate(builder.build(new ReportKey("r-neg", 1), Results.negative(), Results.study(),
                Optional.empty(), ISSUED)));
    }

    @Test
    void anApprovedResultIsAFinalReportWithTheReviewerAsResultsInterpreter() throws Exception {
        org.varde.connectors.sink.HumanReview approved = org.varde.connectors.sink.HumanReview.approved(
                "Ingrid Berg", "Varde University Hospital", ISSUED.plusSeconds(600));
        Bundle bundle = builder.build(new ReportKey("r-approved", 1), Results.nodule(9.5, 0.91), Results.study(),
                Optional.of(WorklistPriority.URGENT), ISSUED, approved);
        assertEquals(List.of(), sink.validate(bundle));
        sink.send(bundle);
        DiagnosticReport report = only(server.all(DiagnosticReport.class), "r-approved.1");
        assertEquals(DiagnosticReport.DiagnosticReportStatus.FINAL, report.getStatus());
        assertEquals(1, report.getResultsInterpreter().size());
        assertEquals("Ingrid Berg", report.getResultsInterpreterFirstRep().getDisplay());
        assertEquals("Practitioner", report.getResultsInterpreterFirstRep().getType());
        assertTrue(report.getConclusion().contains("approved by Ingrid Berg"), report.getConclusion());
        assertTrue(server.all(Observation.class).stream()
                .filter(o -> o.getIdentifierFirstRep().getValue().startsWith("r-approved.1."))
                .allMatch(o -> o.getStatus() == Observation.ObservationStatus.FINAL));
        // unreviewed and released-on-timeout results stay preliminary, without an interpreter
        Bundle released = builder.build(new ReportKey("r-released", 1), Results.nodule(9.5, 0.91), Results.study(),
                Optional.empty(), ISSUED, org.varde.connectors.sink.HumanReview.releasedOnTimeout(ISSUED,
                        Duration.ofMinutes(30)));
        assertEquals(List.of(), sink.validate(released));
        DiagnosticReport r = (DiagnosticReport) released.getEntry().stream()
                .filter(e -> e.getResource() instanceof DiagnosticReport).findFirst().orElseThrow().getResource();
        assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, r.getStatus());
        assertTrue(r.getResultsInterpreter().isEmpty());
        assertTrue(r.getConclusion().contains("released without review"), r.getConclusion());
    }

    @Test
    void theValidatorFindsAnObservationWithoutItsRequiredElements() {
        Bundle bundle = noduleBundle("r-broken");
        Observation observation = (Observation) bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof Observation).findFirst().orElseThrow().getResource();
        observation.setStatus(null);
        observation.setCode(null);
        List<String> errors = sink.validate(bundle);
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> e.contains("status")), errors.toString());
    }

    @Test
    void anInvalidBundleIsNeverSent() {
        Bundle bundle = noduleBundle("r-never");
        ((DiagnosticReport) bundle.getEntry().stream().filter(e -> e.getResource() instanceof DiagnosticReport)
                .findFirst().orElseThrow().getResource()).setCode(null);
        int before = server.transactions();
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sink.send(bundle));
        assertEquals(SinkFailure.Kind.INVALID, failure.kind());
        assertFalse(failure.retryable());
        assertEquals(before, server.transactions());
    }

    @Test
    void aNoduleResultArrivesAsReportObservationDeviceAndUrgentTask() throws Exception {
        sink.send(noduleBundle("r-nodule"));

        DiagnosticReport report = only(server.all(DiagnosticReport.class), "r-nodule.1");
        assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
        assertEquals("RAD", report.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals("urn:oid:" + Results.study().studyInstanceUid(), report.getImagingStudyFirstRep().getIdentifier().getValue());
        assertEquals(PATIENTS, report.getSubject().getIdentifier().getSystem());
        assertEquals("01017012345", report.getSubject().getIdentifier().getValue());
        assertTrue(report.getConclusion().contains("not verified by a radiologist"), report.getConclusion());
        assertEquals(1, report.getResult().size());

        // the report's result reference resolves to the stored observation (urn:uuid rewritten by the server)
        String observationRef = report.getResultFirstRep().getReference();
        Observation observation = server.all(Observation.class).stream()
                .filter(o -> ("Observation/" + o.getIdElement().getIdPart()).equals(observationRef)).findFirst().orElseThrow();
        assertEquals("786838002", observation.getCode().getCodingFirstRep().getCode());
        assertEquals("http://snomed.info/sct", observation.getCode().getCodingFirstRep().getSystem());
        assertEquals("52101004", ((CodeableConcept) observation.getValue()).getCodingFirstRep().getCode());
        assertEquals("39607008", observation.getBodySite().getCodingFirstRep().getCode());
        Quantity size = (Quantity) observation.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode() != null
                        && c.getCode().getCodingFirstRep().getCode().equals("103339001"))
                .findFirst().orElseThrow().getValue();
        assertEquals(0, size.getValue().compareTo(new java.math.BigDecimal("9.5")));
        assertEquals("mm", size.getCode());

        Device device = server.all(Device.class).stream()
                .filter(d -> ("Device/" + d.getIdElement().getIdPart()).equals(observation.getDevice().getReference()))
                .findFirst().orElseThrow();
        assertEquals("2.1.0", device.getVersionFirstRep().getValue());
        assertEquals("Sandbox Imaging AS", device.getManufacturer());

        Task task = server.all(Task.class).stream()
                .filter(t -> t.getIdentifierFirstRep().getValue().equals("r-nodule.1")).findFirst().orElseThrow();
        assertEquals(Task.TaskPriority.URGENT, task.getPriority());
        assertEquals("ServiceRequest", task.getFocus().getType());
        assertEquals("ACC20261201", task.getFocus().getIdentifier().getValue());
    }

    @Test
    void sendingTheSameResultTwiceChangesNothingOnTheServer() throws Exception {
        sink.send(noduleBundle("r-twice"));
        int reports = server.all(DiagnosticReport.class).size();
        int observations = server.all(Observation.class).size();
        int tasks = server.all(Task.class).size();
        int devices = server.all(Device.class).size();

        sink.send(noduleBundle("r-twice"));

        assertEquals(reports, server.all(DiagnosticReport.class).size());
        assertEquals(observations, server.all(Observation.class).size());
        assertEquals(tasks, server.all(Task.class).size());
        assertEquals(devices, server.all(Device.class).size());
        only(server.all(DiagnosticReport.class), "r-twice.1");
    }

    @Test
    void aNegativeResultWithoutPriorityWritesNoTask() throws Exception {
        int tasks = server.all(Task.class).size();
        sink.send(builder.build(new ReportKey("r-negative", 1), Results.negative(), Results.study(), Optional.empty(), ISSUED));
        DiagnosticReport report = only(server.all(DiagnosticReport.class), "r-negative.1");
        assertTrue(report.getConclusion().contains("no finding"), report.getConclusion());
        assertTrue(report.getResult().isEmpty());
        assertEquals(tasks, server.all(Task.class).size());
    }

    @Test
    void aServerErrorIsRetryableAndCarriesTheServersWords() {
        server.failNext(1, TestFhirServer.serverError("database is restarting"));
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sink.send(noduleBundle("r-500")));
        assertEquals(SinkFailure.Kind.REFUSED_TRANSIENT, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 500"), failure.getMessage());
        assertTrue(failure.getMessage().contains("database is restarting"), failure.getMessage());
    }

    @Test
    void anUnprocessableAnswerIsNotRetried() {
        server.failNext(1, TestFhirServer.unprocessable("patient 01017012345 unknown in this RIS"));
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sink.send(noduleBundle("r-422")));
        assertEquals(SinkFailure.Kind.REFUSED, failure.kind());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 422"), failure.getMessage());
        assertTrue(failure.getMessage().contains("unknown in this RIS"), failure.getMessage());
    }

    @Test
    void aServerThatHangsEndsInATimeout() throws Exception {
        FhirSink impatient = new FhirSink(options(server.baseUrl(), Duration.ofSeconds(1)));
        CountDownLatch hang = server.hang();
        try {
            SinkFailure failure = assertThrows(SinkFailure.class, () -> impatient.send(noduleBundle("r-hang")));
            assertEquals(SinkFailure.Kind.TIMEOUT, failure.kind(), failure.getMessage());
            assertTrue(failure.retryable());
        } finally {
            hang.countDown();
        }
    }

    @Test
    void nobodyListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FhirSink nowhere = new FhirSink(options("http://127.0.0.1:" + port + "/fhir", Duration.ofSeconds(5)));
        SinkFailure failure = assertThrows(SinkFailure.class, () -> nowhere.send(noduleBundle("r-nowhere")));
        assertEquals(SinkFailure.Kind.UNREACHABLE, failure.kind(), failure.getMessage());
        assertTrue(failure.retryable());
    }

    private static DiagnosticReport only(List<DiagnosticReport> reports, String identifier) {
        List<DiagnosticReport> matching = reports.stream()
                .filter(r -> r.getIdentifierFirstRep().getValue().equals(identifier)).toList();
        assertEquals(1, matching.size(), "reports with identifier " + identifier);
        return matching.get(0);
    }
}
