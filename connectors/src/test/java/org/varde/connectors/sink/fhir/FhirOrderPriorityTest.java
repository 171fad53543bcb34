package org.varde.connectors.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;
import org.varde.connectors.sink.pacs.SourceInstance;
import org.varde.connectors.sink.pacs.StudyContext;

import io.vertx.core.Vertx;

/**
 * A FHIR output with {@code priorityBy: serviceRequest} and the priority the RIS holds, against the real
 * HAPI RestfulServer of the tests holding the RIS's order (a ServiceRequest with the accession number
 * as identifier): the order is updated in place by a conditional update, never a Task; no order or
 * several orders under one accession number are refused in words naming it; an order the RIS changed
 * after Varde read it is not overwritten; and the sink tells the priority the order holds.
 */
class FhirOrderPriorityTest {
    private static final Instant AT = Instant.parse("2026-12-02T04:30:00Z");
    private static final String PATIENTS = "urn:oid:2.16.578.1.12.4.1.4.1";
    private static final String ACCESSIONS = "urn:oid:2.16.578.1.34.1.1";

    private static TestFhirServer server;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = new TestFhirServer();
        vertx = Vertx.vertx();
        FhirResourceValidator.shared().errors(new org.hl7.fhir.r4.model.Patient());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        vertx.close().await();
    }

    private static ResultSink sink(PriorityTarget by) {
        return new FhirProtocol().open(new FhirSinkOptions(URI.create(server.baseUrl()), Optional.empty(), PATIENTS,
                ACCESSIONS, Duration.ofSeconds(5), Duration.ofSeconds(60), by), new AdapterEnvironment(vertx, "VARDE"));
    }

    private static DeliveryContent content(String resultId, String accession, WorklistPriority priority) {
        SourceStudy s = Results.study();
        SourceStudy study = new SourceStudy(s.studyInstanceUid(), s.patientId(), s.issuerOfPatientId(), s.patientName(),
                s.birthDate(), s.sex(), Optional.of(accession), s.studyDescription(), s.placerOrderNumber(),
                s.fillerOrderNumber());
        StudyContext context = new StudyContext(study, "4711", "20261202", "043000", "Lege^Lise",
                List.of(new SourceInstance("1.2.826.0.1.3680043.8.498.11", "1.2.840.10008.5.1.4.1.1.2",
                        "1.2.826.0.1.3680043.8.498.12")), Optional.empty());
        return new DeliveryContent(new ReportKey(resultId, 1), Results.nodule(9.5, 0.91), context,
                Optional.ofNullable(priority), AT);
    }

    /** The RIS's order as a RIS would hold it: the accession number as identifier (type ACSN), a priority. */
    private static String order(String accession, ServiceRequest.ServiceRequestPriority priority) {
        ServiceRequest order = new ServiceRequest();
        Identifier identifier = order.addIdentifier().setSystem(ACCESSIONS).setValue(accession);
        identifier.setType(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v2-0203", "ACSN", "Accession ID")));
        order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setPriority(priority);
        order.setCode(new CodeableConcept().setText("CT thorax"));
        order.setSubject(new Reference().setType("Patient").setIdentifier(new Identifier().setSystem(PATIENTS)
                .setValue(Results.study().patientId())));
        return server.hold(order);
    }

    private static ServiceRequest stored(String id) {
        return server.all(ServiceRequest.class).stream()
                .filter(r -> ("ServiceRequest/" + r.getIdElement().getIdPart()).equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theOrderFoundByAccessionNumberIsUpdatedInPlaceAndNoTaskIsWritten() throws Exception {
        String id = order("ACC-SR-1", ServiceRequest.ServiceRequestPriority.ROUTINE);
        int orders = server.all(ServiceRequest.class).size();
        ResultSink sink = sink(PriorityTarget.SERVICE_REQUEST);

        PreparedDelivery prepared = sink.prepare(content("r-sr-1", "ACC-SR-1", WorklistPriority.URGENT));
        Bundle bundle = (Bundle) new ca.uhn.fhir.context.FhirContext(ca.uhn.fhir.context.FhirVersionEnum.R4)
                .newJsonParser().parseResource(prepared.text());
        Bundle.BundleEntryRequestComponent update = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof ServiceRequest).findFirst().orElseThrow().getRequest();
        assertEquals(Bundle.HTTPVerb.PUT, update.getMethod());
        assertEquals("ServiceRequest?identifier=" + ACCESSIONS + "|ACC-SR-1", update.getUrl(), "a conditional update");
        assertEquals("W/\"1\"", update.getIfMatch(), "on the version Varde read");
        assertTrue(bundle.getEntry().stream().noneMatch(e -> e.getResource() instanceof Task), "no Task");
        sink.send(prepared);

        ServiceRequest after = stored(id);
        assertEquals(ServiceRequest.ServiceRequestPriority.URGENT, after.getPriority());
        assertEquals("2", after.getMeta().getVersionId());
        assertEquals("CT thorax", after.getCode().getText(), "the rest of the order is the RIS's, unchanged");
        assertEquals(orders, server.all(ServiceRequest.class).size(), "updated, not created");
        assertTrue(server.all(Task.class).stream().noneMatch(t -> t.getIdentifierFirstRep().getValue().equals("r-sr-1.1")));
        assertTrue(server.all(DiagnosticReport.class).stream()
                .anyMatch(r -> r.getIdentifierFirstRep().getValue().equals("r-sr-1.1")), "the report went with it");

        // a resend (a retry re-prepares: it reads the order afresh) leaves one order, still urgent
        sink.send(sink.prepare(content("r-sr-1", "ACC-SR-1", WorklistPriority.URGENT)));
        assertEquals(orders, server.all(ServiceRequest.class).size());
        assertEquals(ServiceRequest.ServiceRequestPriority.URGENT, stored(id).getPriority());
    }

    @Test
    void noOrderOrSeveralOrdersUnderTheAccessionNumberAreRefusedInWordsNamingIt() throws Exception {
        ResultSink sink = sink(PriorityTarget.SERVICE_REQUEST);
        int transactions = server.transactions();
        SinkFailure none = assertThrows(SinkFailure.class, () -> sink.prepare(content("r-sr-none", "ACC-NONE",
                WorklistPriority.URGENT)));
        assertFalse(none.retryable());
        assertTrue(none.getMessage().contains("0 ServiceRequests") && none.getMessage().contains(ACCESSIONS + "|ACC-NONE")
                && none.getMessage().contains("exactly one"), none.getMessage());

        String first = order("ACC-TWICE", ServiceRequest.ServiceRequestPriority.ROUTINE);
        String second = order("ACC-TWICE", ServiceRequest.ServiceRequestPriority.ROUTINE);
        SinkFailure several = assertThrows(SinkFailure.class, () -> sink.prepare(content("r-sr-two", "ACC-TWICE",
                WorklistPriority.URGENT)));
        assertFalse(several.retryable());
        assertTrue(several.getMessage().contains("2 ServiceRequests") && several.getMessage().contains(first)
                && several.getMessage().contains(second), several.getMessage());
        assertEquals(transactions, server.transactions(), "nothing sent");
        assertEquals(ServiceRequest.ServiceRequestPriority.ROUTINE, stored(first).getPriority());

        // a result that asks for no priority needs no order: the report goes out
        assertTrue(sink.prepare(content("r-sr-neg", "ACC-NONE", null)).text().contains("DiagnosticReport"));
    }

    @Test
    void anOrderTheRisChangedAfterVardeReadItIsNotOverwritten() throws Exception {
        String id = order("ACC-RACE", ServiceRequest.ServiceRequestPriority.ROUTINE);
        ResultSink sink = sink(PriorityTarget.SERVICE_REQUEST);
        PreparedDelivery stale = sink.prepare(content("r-race", "ACC-RACE", WorklistPriority.URGENT));
        // meanwhile the RIS itself moves the order to stat (version 2)
        sink(PriorityTarget.SERVICE_REQUEST).send(sink.prepare(content("r-ris", "ACC-RACE", WorklistPriority.STAT)));
        assertEquals("2", stored(id).getMeta().getVersionId());

        SinkFailure conflict = assertThrows(SinkFailure.class, () -> sink.send(stale));
        assertTrue(conflict.retryable(), "a retry reads the order afresh: " + conflict.getMessage());
        assertTrue(conflict.getMessage().contains("412"), conflict.getMessage());
        assertEquals(ServiceRequest.ServiceRequestPriority.STAT, stored(id).getPriority(), "stat stays");
    }

    @Test
    void theSinkTellsThePriorityTheOrderHolds() throws Exception {
        order("ACC-STAT", ServiceRequest.ServiceRequestPriority.STAT);
        for (PriorityTarget by : PriorityTarget.values()) {
            ResultSink sink = sink(by);
            assertEquals(Optional.of(WorklistPriority.STAT), sink.heldPriority(content("r-held", "ACC-STAT",
                    WorklistPriority.URGENT)), by.word());
            assertEquals(Optional.empty(), sink.heldPriority(content("r-held", "ACC-UNKNOWN", WorklistPriority.URGENT)));
        }
    }
}
