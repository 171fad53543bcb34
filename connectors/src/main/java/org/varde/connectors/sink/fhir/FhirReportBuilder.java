package org.varde.connectors.sink.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.HumanReview;
import org.varde.connectors.sink.ResultWording;

/**
 * Turns one result into one FHIR R4 transaction Bundle. Every entry is a conditional create or update
 * keyed by an identifier derived from the {@link ReportKey}, so sending the same bundle twice leaves
 * the server as after the first time.
 */
public final class FhirReportBuilder {
    /** Identifier systems of what Varde itself names. */
    static final String RESULT_SYSTEM = "urn:varde:result";
    static final String OBSERVATION_SYSTEM = "urn:varde:observation";
    static final String PRIORITY_TASK_SYSTEM = "urn:varde:priority-task";
    static final String ALGORITHM_SYSTEM = "urn:varde:algorithm";
    /** FHIR R4 ImagingStudy.identifier: the Study Instance UID as {@code urn:dicom:uid} / {@code urn:oid:}. */
    static final String DICOM_UID_SYSTEM = "urn:dicom:uid";

    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final String DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074";
    private static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    private static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";

    private final FhirSinkOptions options;

    public FhirReportBuilder(FhirSinkOptions options) {
        this.options = options;
    }

    /**
     * @param priority the worklist priority to ask for, as the priority policy decided; empty: no Task
     */
    public Bundle build(ReportKey key, AlgorithmResult result, SourceStudy study, Optional<WorklistPriority> priority,
                        Instant issued) {
        return build(key, result, study, priority, issued, HumanReview.none());
    }

    /**
     * @param review an approval makes the report and its observations {@code final} with the reviewer as
     *               {@code resultsInterpreter}; anything else stays {@code preliminary}
     */
    public Bundle build(ReportKey key, AlgorithmResult result, SourceStudy study, Optional<WorklistPriority> priority,
                        Instant issued, HumanReview review) {
        return build(key, result, study, priority, issued, review, Optional.empty());
    }

    /**
     * @param order the RIS's ServiceRequest for the study's accession number, as the server holds it:
     *              with {@code priorityBy: serviceRequest} the priority goes there (a conditional
     *              update) instead of into a Task; required then when a priority is asked for
     */
    public Bundle build(ReportKey key, AlgorithmResult result, SourceStudy study, Optional<WorklistPriority> priority,
                        Instant issued, HumanReview review, Optional<ServiceRequest> order) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String deviceUrl = add(bundle, device(result), key, "Device",
                Bundle.HTTPVerb.POST, "Device", "identifier=" + ALGORITHM_SYSTEM + "|" + deviceIdentifier(result));
        List<Reference> observations = new ArrayList<>();
        List<Finding> findings = result.findings();
        for (int i = 0; i < findings.size(); i++) {
            String identifier = key.value() + "." + (i + 1);
            Observation observation = observation(findings.get(i), identifier, study, deviceUrl, issued, review);
            String url = add(bundle, observation, key, "Observation/" + i, Bundle.HTTPVerb.PUT,
                    "Observation?identifier=" + OBSERVATION_SYSTEM + "|" + identifier, null);
            observations.add(new Reference(url));
        }
        DiagnosticReport report = report(key, result, study, observations, issued, review);
        add(bundle, report, key, "DiagnosticReport", Bundle.HTTPVerb.PUT,
                "DiagnosticReport?identifier=" + RESULT_SYSTEM + "|" + key.value(), null);
        if (priority.isPresent() && options.priorityBy() == PriorityTarget.SERVICE_REQUEST) {
            ServiceRequest held = order.orElseThrow(() -> new IllegalArgumentException(
                    "priorityBy serviceRequest: the order's ServiceRequest is needed to update it"));
            updateOrder(bundle, key, held, priority.get(), study);
        } else {
            priority.ifPresent(p -> add(bundle, priorityTask(key, p, result, study, issued, review), key, "Task",
                    Bundle.HTTPVerb.PUT, "Task?identifier=" + PRIORITY_TASK_SYSTEM + "|" + key.value(), null));
        }
        return bundle;
    }

    /**
     * The RIS's order with the new priority, as a conditional update by accession number (R4 3.1.0.4.3:
     * PUT [type]?search: one match is updated, several are refused 412) and, where the server gave the
     * order a version, If-Match on it (R4 3.1.0.5.3): an order the RIS changed since Varde read it is
     * refused (412) and the retry reads it afresh, so no change of the RIS is overwritten.
     */
    private void updateOrder(Bundle bundle, ReportKey key, ServiceRequest held, WorklistPriority priority,
                             SourceStudy study) {
        String accession = study.accessionNumber().orElseThrow(() -> new IllegalArgumentException(
                "priorityBy serviceRequest: the study has no Accession Number"));
        ServiceRequest order = held.copy();
        order.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(priority.fhirCode()));
        String version = held.getMeta().hasVersionId() ? held.getMeta().getVersionId()
                : held.getIdElement().getVersionIdPart();
        // the id the server gave it stays: an update's body may carry it (it must match the match)
        order.setId(held.getIdElement().getIdPart());
        order.getMeta().setVersionId(null);
        add(bundle, order, key, "ServiceRequest", Bundle.HTTPVerb.PUT,
                "ServiceRequest?identifier=" + options.accessionSystem() + "|" + accession, null);
        if (version != null) {
            bundle.getEntry().get(bundle.getEntry().size() - 1).getRequest().setIfMatch("W/\"" + version + "\"");
        }
    }

    private static String add(Bundle bundle, Resource resource, ReportKey key, String part, Bundle.HTTPVerb verb,
                              String url, String ifNoneExist) {
        // a urn:uuid full URL lets entries reference each other before the server assigns ids (R4 3.1.0.11.2)
        String fullUrl = "urn:uuid:" + UUID.nameUUIDFromBytes((key.value() + "/" + part).getBytes(StandardCharsets.UTF_8));
        Bundle.BundleEntryRequestComponent request = bundle.addEntry().setFullUrl(fullUrl).setResource(resource)
                .getRequest().setMethod(verb).setUrl(url);
        if (ifNoneExist != null) {
            request.setIfNoneExist(ifNoneExist);
        }
        return fullUrl;
    }

    private static String deviceIdentifier(AlgorithmResult result) {
        return result.algorithmId() + ":" + result.reportedVersion();
    }

    private static Device device(AlgorithmResult result) {
        Device device = new Device();
        device.addIdentifier(new Identifier().setSystem(ALGORITHM_SYSTEM).setValue(deviceIdentifier(result)));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setManufacturer(result.device().manufacturer());
        device.setModelNumber(result.device().modelName());
        device.addDeviceName().setName(result.reportedName()).setType(Device.DeviceNameType.MANUFACTURERNAME);
        device.addVersion().setValue(result.reportedVersion());
        device.setType(new CodeableConcept().setText("AI algorithm (software as a medical device)"));
        return device;
    }

    private Observation observation(Finding finding, String identifier, SourceStudy study, String deviceUrl, Instant issued,
                                    HumanReview review) {
        Observation observation = new Observation();
        observation.addIdentifier(new Identifier().setSystem(OBSERVATION_SYSTEM).setValue(identifier));
        // R4 observation-status: preliminary until a reviewer approves, then final ("verified by a
        // responsible person")
        observation.setStatus(review.approved() ? Observation.ObservationStatus.FINAL
                : Observation.ObservationStatus.PRELIMINARY);
        observation.addCategory(CodingSystems.concept(OBSERVATION_CATEGORY, "imaging", "Imaging"));
        observation.setCode(CodingSystems.concept(finding.code()));
        observation.setSubject(patient(study));
        observation.setIssued(Date.from(issued));
        observation.setValue(presence(finding.presence()));
        observation.addInterpretation(interpretation(finding.presence()));
        finding.bodySite().ifPresent(site -> observation.setBodySite(CodingSystems.concept(site)));
        observation.addDerivedFrom(imagingStudy(study));
        observation.setDevice(new Reference(deviceUrl));
        for (Measurement m : finding.measurements()) {
            observation.addComponent().setCode(CodingSystems.concept(m.concept())).setValue(new Quantity()
                    .setValue(m.value()).setUnit(m.ucumUnit()).setSystem(CodingSystems.UCUM).setCode(m.ucumUnit()));
        }
        // the dicom-sr IG has no concept for an algorithm's probability; it goes as a unitless component
        finding.probability().ifPresent(p -> observation.addComponent()
                .setCode(new CodeableConcept().setText("Probability (algorithm output)"))
                .setValue(new Quantity().setValue(p).setUnit("1").setSystem(CodingSystems.UCUM).setCode("1")));
        return observation;
    }

    /** SNOMED CT qualifier values: 52101004 Present, 2667000 Absent, 42425007 Equivocal. */
    private static CodeableConcept presence(Presence presence) {
        return switch (presence) {
            case PRESENT -> CodingSystems.concept(CodingSystems.SNOMED, "52101004", "Present");
            case ABSENT -> CodingSystems.concept(CodingSystems.SNOMED, "2667000", "Absent");
            case UNCERTAIN -> CodingSystems.concept(CodingSystems.SNOMED, "42425007", "Equivocal");
        };
    }

    /** v3 ObservationInterpretation: A abnormal, N normal, IND indeterminate. */
    private static CodeableConcept interpretation(Presence presence) {
        return switch (presence) {
            case PRESENT -> CodingSystems.concept(INTERPRETATION, "A", "Abnormal");
            case ABSENT -> CodingSystems.concept(INTERPRETATION, "N", "Normal");
            case UNCERTAIN -> CodingSystems.concept(INTERPRETATION, "IND", "Indeterminate");
        };
    }

    private DiagnosticReport report(ReportKey key, AlgorithmResult result, SourceStudy study, List<Reference> observations,
                                    Instant issued, HumanReview review) {
        DiagnosticReport report = new DiagnosticReport();
        report.addIdentifier(new Identifier().setSystem(RESULT_SYSTEM).setValue(key.value()));
        // R4 diagnostic-report-status: "final: complete and verified by an authorized person" once a
        // reviewer approved; "preliminary" otherwise (a release on timeout included: nobody verified it)
        if (review.approved()) {
            report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
            // resultsInterpreter: Reference(Practitioner | ...); Varde holds no Practitioner resource
            // of the reviewer, so the reference names them by display (R4 Reference: display alone is valid)
            report.addResultsInterpreter(new Reference().setType("Practitioner").setDisplay(review.reviewer()));
        } else {
            report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        }
        report.addCategory(CodingSystems.concept(DIAGNOSTIC_SERVICE, "RAD", "Radiology"));
        // LOINC 18748-4 "Diagnostic imaging study": the document type of an imaging report
        report.setCode(CodingSystems.concept("http://loinc.org", "18748-4", "Diagnostic imaging study"));
        report.setSubject(patient(study));
        report.setIssued(Date.from(issued));
        report.addImagingStudy(imagingStudy(study));
        study.accessionNumber().ifPresent(acc -> report.addBasedOn(serviceRequest(acc)));
        observations.forEach(report::addResult);
        report.setConclusion(ResultWording.conclusion(result, review));
        result.presentFindings().forEach(f -> report.addConclusionCode(CodingSystems.concept(f.code())));
        return report;
    }

    private Task priorityTask(ReportKey key, WorklistPriority priority, AlgorithmResult result, SourceStudy study,
                              Instant issued, HumanReview review) {
        Task task = new Task();
        task.addIdentifier(new Identifier().setSystem(PRIORITY_TASK_SYSTEM).setValue(key.value()));
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.fromCode(priority.fhirCode()));
        // task-code "change": change the focal resource (here: the order's place on the worklist)
        task.setCode(CodingSystems.concept(TASK_CODE, "change", "Change the focal resource"));
        task.setDescription("AI result asks for worklist priority " + priority.fhirCode() + ": "
                + ResultWording.conclusion(result, review));
        task.setFor(patient(study));
        task.setFocus(study.accessionNumber().map(this::serviceRequest).orElseGet(() -> imagingStudy(study)));
        task.setAuthoredOn(Date.from(issued));
        return task;
    }

    private Reference patient(SourceStudy study) {
        return new Reference().setType("Patient")
                .setIdentifier(new Identifier().setSystem(options.patientIdentifierSystem()).setValue(study.patientId()));
    }

    private static Reference imagingStudy(SourceStudy study) {
        return new Reference().setType("ImagingStudy")
                .setIdentifier(new Identifier().setSystem(DICOM_UID_SYSTEM).setValue("urn:oid:" + study.studyInstanceUid()));
    }

    private Reference serviceRequest(String accessionNumber) {
        Identifier identifier = new Identifier().setSystem(options.accessionSystem()).setValue(accessionNumber);
        identifier.setType(CodingSystems.concept(IDENTIFIER_TYPE, "ACSN", "Accession ID"));
        return new Reference().setType("ServiceRequest").setIdentifier(identifier);
    }
}
