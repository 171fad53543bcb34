package org.varde.connectors.sink.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * Reads a radiologist's feedback from a FHIR R4 resource the RIS sends back (docs/ris.md, "Feedback
 * from the RIS"): either an Observation of the radiologist whose {@code focus} (or {@code derivedFrom})
 * names Varde's DiagnosticReport or Observation by the identifier Varde gave it, or Varde's own
 * priority Task, completed, with the word as an output. The word is coded in {@link #FEEDBACK_SYSTEM}.
 * Every resource is checked with the shared {@link FhirResourceValidator} first, on its wire text.
 */
public final class RisFeedbackReader {
    /** Varde's code system for feedback: the words, the Observation's code and the Task's output types. */
    public static final String FEEDBACK_SYSTEM = "urn:varde:feedback";
    static final String ASSESSMENT = "assessment";
    static final String VERDICT = "verdict";
    static final String CORRECT_FINDING = "correct-finding";
    /** What the feedback table holds (V17): a finding of 400, a comment of 2000 characters. */
    private static final int MAX_FINDING = 400;
    private static final int MAX_COMMENT = 2000;
    private static final int MAX_PRACTITIONER = 160;
    private static final int MAX_SOURCE = 512;
    /** R4 id datatype: [A-Za-z0-9\-\.]{1,64}. */
    private static final String FHIR_ID = "[A-Za-z0-9\\-.]{1,64}";

    private final FhirResourceValidator validator;

    public RisFeedbackReader(FhirResourceValidator validator) {
        this.validator = validator;
    }

    /**
     * What the endpoint does, as a FHIR client asks for it first ({@code GET [base]/metadata}, R4
     * 3.1.0.12): create and update of Observation and Task, JSON only, nothing to read or search.
     */
    public static String capabilityStatement(String softwareVersion, java.time.Instant published) {
        org.hl7.fhir.r4.model.CapabilityStatement statement = new org.hl7.fhir.r4.model.CapabilityStatement();
        statement.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(java.util.Date.from(published));
        statement.setKind(org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.getSoftware().setName("Varde").setVersion(softwareVersion);
        statement.getImplementation().setDescription("Varde: radiologists' feedback on AI results, from the RIS");
        statement.setFhirVersion(org.hl7.fhir.r4.model.Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("json");
        org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Authorization: Bearer <token of the ris role> (RFC 6750)");
        for (String type : new String[]{"Observation", "Task"}) {
            org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent resource =
                    rest.addResource().setType(type)
                            .setVersioning(org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy.NOVERSION)
                            .setUpdateCreate(true);
            resource.addInteraction().setCode(org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.CREATE);
            resource.addInteraction().setCode(org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.UPDATE);
        }
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(statement);
    }

    /**
     * @param resourceType {@code Observation} or {@code Task}: the type the request's path names
     * @param pathId       the id of {@code PUT [type]/[id]}; null for a create ({@code POST [type]})
     * @param json         the body, {@code application/fhir+json}
     */
    public RisFeedback read(String resourceType, String pathId, String json) throws RisFeedbackRefused {
        if (pathId != null && !pathId.matches(FHIR_ID)) {
            throw new RisFeedbackRefused(400, "invalid", "the id in the path is not a FHIR id ([A-Za-z0-9-.]{1,64})");
        }
        Resource resource = parse(json);
        if (!resource.fhirType().equals(resourceType)) {
            throw new RisFeedbackRefused(400, "invalid", "the body is a " + resource.fhirType() + ", the path names "
                    + resourceType);
        }
        // R4 3.1.0.4 (update): the body's id must be the path's; a create's id is the server's to give
        String bodyId = resource.getIdElement().getIdPart();
        if (pathId != null && !pathId.equals(bodyId)) {
            throw new RisFeedbackRefused(400, "invalid", "an update's body must carry the id of its path (" + pathId
                    + "), it has " + (bodyId == null ? "none" : bodyId));
        }
        List<String> errors = validator.errors(json);
        if (!errors.isEmpty()) {
            throw new RisFeedbackRefused(422, "invalid", errors);
        }
        return resource instanceof Observation o ? observation(o, pathId) : task((Task) resource);
    }

    private static Resource parse(String json) throws RisFeedbackRefused {
        IBaseResource parsed;
        try {
            parsed = FhirContext.forR4Cached().newJsonParser().parseResource(json);
        } catch (DataFormatException | ClassCastException e) {
            throw new RisFeedbackRefused(400, "structure", "not a FHIR R4 resource in JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Observation) && !(parsed instanceof Task)) {
            throw new RisFeedbackRefused(400, "not-supported", "Varde takes feedback as an Observation or a Task, not a "
                    + parsed.fhirType());
        }
        return (Resource) parsed;
    }

    private RisFeedback observation(Observation o, String pathId) throws RisFeedbackRefused {
        if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
            return withdrawal(o, pathId);
        }
        List<String> problems = new ArrayList<>();
        if (o.getStatus() != Observation.ObservationStatus.FINAL && o.getStatus() != Observation.ObservationStatus.AMENDED
                && o.getStatus() != Observation.ObservationStatus.CORRECTED) {
            problems.add("Observation.status must be final, amended or corrected (the radiologist's word as given; "
                    + "entered-in-error takes it back), was "
                    + (o.getStatus() == null ? "none" : o.getStatus().toCode()));
        }
        if (!has(o.getCode(), ASSESSMENT)) {
            problems.add("Observation.code must hold " + FEEDBACK_SYSTEM + "#" + ASSESSMENT);
        }
        RisFeedback.Agreement agreement = o.getValue() instanceof CodeableConcept value ? agreement(value) : null;
        if (agreement == null) {
            problems.add(wordWanted("Observation.valueCodeableConcept"));
        }
        Set<String> results = new LinkedHashSet<>();
        Stream.concat(o.getFocus().stream(), o.getDerivedFrom().stream()).forEach(r -> resultOf(r, results, problems));
        String resultId = oneResult(results, problems, "Observation.focus or Observation.derivedFrom");
        String finding = null;
        for (Observation.ObservationComponentComponent component : o.getComponent()) {
            if (has(component.getCode(), CORRECT_FINDING)) {
                finding = finding(component.getValue(), problems);
            }
        }
        String comment = comment(o.getNote(), problems);
        String practitioner = o.getPerformer().isEmpty() ? null : practitioner(o.getPerformerFirstRep(), problems);
        String source = source(o, pathId);
        if (source != null && source.length() > MAX_SOURCE) {
            problems.add("Observation.identifier is longer than " + MAX_SOURCE + " characters");
        }
        refuseIfAny(problems);
        return new RisFeedback("Observation", source, resultId, agreement, finding, comment, practitioner, o);
    }

    /** Only the resource's identity matters: it names the feedback taken back. */
    private static RisFeedback withdrawal(Observation o, String pathId) throws RisFeedbackRefused {
        List<String> problems = new ArrayList<>();
        if (!has(o.getCode(), ASSESSMENT)) {
            problems.add("Observation.code must hold " + FEEDBACK_SYSTEM + "#" + ASSESSMENT);
        }
        String source = source(o, pathId);
        if (source == null) {
            problems.add("an entered-in-error Observation takes back the feedback of the same resource: give its "
                    + "identifier or send it as an update of its id");
        } else if (source.length() > MAX_SOURCE) {
            problems.add("Observation.identifier is longer than " + MAX_SOURCE + " characters");
        }
        String practitioner = o.getPerformer().isEmpty() ? null : practitioner(o.getPerformerFirstRep(), problems);
        refuseIfAny(problems);
        return new RisFeedback("Observation", source, null, null, null, null, practitioner, o);
    }

    private static String source(Observation o, String pathId) {
        return ownIdentifier(o.getIdentifier()).map(i -> "Observation|" + i.getSystem() + "|" + i.getValue())
                .orElse(pathId == null ? null : "Observation/" + pathId);
    }

    private RisFeedback task(Task t) throws RisFeedbackRefused {
        List<String> problems = new ArrayList<>();
        Set<String> results = new LinkedHashSet<>();
        String key = null;
        for (Identifier identifier : t.getIdentifier()) {
            if (FhirReportBuilder.PRIORITY_TASK_SYSTEM.equals(identifier.getSystem())) {
                key = identifier.getValue();
                addResult(identifier.getValue(), 1, results, problems);
            }
        }
        String resultId = oneResult(results, problems, "Task.identifier (" + FhirReportBuilder.PRIORITY_TASK_SYSTEM
                + ", as Varde sent the Task)");
        if (t.getStatus() != Task.TaskStatus.COMPLETED) {
            problems.add("Task.status must be completed when it carries the radiologist's word, was "
                    + (t.getStatus() == null ? "none" : t.getStatus().toCode()));
        }
        RisFeedback.Agreement agreement = null;
        String finding = null;
        for (Task.TaskOutputComponent output : t.getOutput()) {
            if (has(output.getType(), VERDICT)) {
                agreement = output.getValue() instanceof CodeableConcept value ? agreement(value) : null;
            } else if (has(output.getType(), CORRECT_FINDING)) {
                finding = finding(output.getValue(), problems);
            }
        }
        if (agreement == null) {
            problems.add(wordWanted("Task.output of type " + FEEDBACK_SYSTEM + "#" + VERDICT + ", valueCodeableConcept"));
        }
        String comment = comment(t.getNote(), problems);
        String practitioner = t.hasOwner() ? practitioner(t.getOwner(), problems) : null;
        refuseIfAny(problems);
        return new RisFeedback("Task", "Task|" + FhirReportBuilder.PRIORITY_TASK_SYSTEM + "|" + key, resultId,
                agreement, finding, comment, practitioner, t);
    }

    private static String wordWanted(String where) {
        return where + " must hold one of " + FEEDBACK_SYSTEM + "#agree, #disagree, #partly";
    }

    private static boolean has(CodeableConcept concept, String code) {
        return concept != null && concept.getCoding().stream()
                .anyMatch(c -> FEEDBACK_SYSTEM.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    private static RisFeedback.Agreement agreement(CodeableConcept value) {
        Set<RisFeedback.Agreement> words = new LinkedHashSet<>();
        for (Coding coding : value.getCoding()) {
            if (FEEDBACK_SYSTEM.equals(coding.getSystem())) {
                switch (String.valueOf(coding.getCode())) {
                    case "agree" -> words.add(RisFeedback.Agreement.AGREE);
                    case "disagree" -> words.add(RisFeedback.Agreement.DISAGREE);
                    case "partly" -> words.add(RisFeedback.Agreement.PARTLY);
                    default -> {
                    }
                }
            }
        }
        // two different words in one concept say nothing
        return words.size() == 1 ? words.iterator().next() : null;
    }

    /** Varde's DiagnosticReport ({@code <result>.<version>}) or Observation ({@code <result>.<version>.<n>}) by identifier. */
    private static void resultOf(Reference reference, Set<String> results, List<String> problems) {
        Identifier identifier = reference.getIdentifier();
        if (FhirReportBuilder.RESULT_SYSTEM.equals(identifier.getSystem())) {
            addResult(identifier.getValue(), 1, results, problems);
        } else if (FhirReportBuilder.OBSERVATION_SYSTEM.equals(identifier.getSystem())) {
            addResult(identifier.getValue(), 2, results, problems);
        }
    }

    /** The result id before {@code suffixes} numeric parts ({@code .<version>}, {@code .<n>}) of Varde's identifier. */
    private static void addResult(String value, int suffixes, Set<String> results, List<String> problems) {
        String rest = value == null ? "" : value;
        for (int i = 0; i < suffixes; i++) {
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || !rest.substring(dot + 1).matches("[1-9][0-9]{0,8}")) {
                problems.add("\"" + abbreviated(value) + "\" is not an identifier Varde gave (<result>.<version>"
                        + (suffixes == 2 ? ".<n>" : "") + ")");
                return;
            }
            rest = rest.substring(0, dot);
        }
        if (rest.length() > 36) {
            problems.add("\"" + abbreviated(value) + "\" names no result of Varde's (a result id has at most 36 characters)");
            return;
        }
        results.add(rest);
    }

    private static String oneResult(Set<String> results, List<String> problems, String where) {
        if (results.size() == 1) {
            return results.iterator().next();
        }
        problems.add(results.isEmpty()
                ? where + " must name Varde's DiagnosticReport (" + FhirReportBuilder.RESULT_SYSTEM + ") or Observation ("
                        + FhirReportBuilder.OBSERVATION_SYSTEM + ") by identifier"
                : where + " name " + results.size() + " different results of Varde's; feedback is on one");
        return null;
    }

    private static String finding(Type value, List<String> problems) {
        String finding = null;
        if (value instanceof CodeableConcept concept) {
            Coding coding = concept.getCodingFirstRep();
            finding = coding.hasCode()
                    ? coding.getSystem() + "|" + coding.getCode() + (coding.hasDisplay() ? " " + coding.getDisplay() : "")
                    : concept.getText();
        } else if (value instanceof StringType text) {
            finding = text.getValue();
        }
        if (finding == null || finding.isBlank() || finding.length() > MAX_FINDING) {
            problems.add("the correct finding must be a valueCodeableConcept or valueString of 1.." + MAX_FINDING
                    + " characters");
            return null;
        }
        return finding.strip();
    }

    private static String comment(List<Annotation> notes, List<String> problems) {
        String comment = notes.stream().map(Annotation::getText).filter(t -> t != null && !t.isBlank())
                .map(String::strip).collect(Collectors.joining("\n"));
        if (comment.length() > MAX_COMMENT) {
            problems.add("the notes hold " + comment.length() + " characters, at most " + MAX_COMMENT + " are kept");
        }
        return comment.isEmpty() ? null : comment;
    }

    /** The display, else the identifier, else the literal reference: what a reader of the audit can act on. */
    private static String practitioner(Reference reference, List<String> problems) {
        String who = reference.hasDisplay() ? reference.getDisplay()
                : reference.hasIdentifier() ? reference.getIdentifier().getSystem() + "|" + reference.getIdentifier().getValue()
                : reference.getReference();
        if (who != null && who.length() > MAX_PRACTITIONER) {
            problems.add("the practitioner's reference is longer than " + MAX_PRACTITIONER + " characters");
        }
        return who == null || who.isBlank() ? null : who.strip();
    }

    /** The resource's own identifier: the first not in one of Varde's systems. */
    private static java.util.Optional<Identifier> ownIdentifier(List<Identifier> identifiers) {
        return identifiers.stream().filter(i -> i.hasSystem() && i.hasValue() && !i.getSystem().startsWith("urn:varde:"))
                .findFirst();
    }

    private static void refuseIfAny(List<String> problems) throws RisFeedbackRefused {
        if (!problems.isEmpty()) {
            // R4 3.1.0.4.1: 422, the resource breaks the server's business rules
            throw new RisFeedbackRefused(422, "business-rule", problems);
        }
    }

    private static String abbreviated(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
