package org.varde.connectors.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/**
 * What the reader takes from a RIS's Observation or Task and what it refuses, in words: the result
 * named by Varde's identifiers only, one result, one word, the correct finding coded or as text, and
 * what makes a resend the same feedback.
 */
class RisFeedbackReaderTest {
    private static final String RESULT = "0b5c2a8e-1f0d-4c59-9d7e-3c1f2a4b5d6e";
    private final RisFeedbackReader reader = new RisFeedbackReader(FhirResourceValidator.shared());

    private static CodeableConcept feedback(String code) {
        return new CodeableConcept(new Coding(RisFeedbackReader.FEEDBACK_SYSTEM, code, null));
    }

    private static Reference byIdentifier(String type, String system, String value) {
        return new Reference().setType(type).setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    private static Observation assessment(String word) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(feedback("assessment"));
        o.setValue(feedback(word));
        o.addFocus(byIdentifier("DiagnosticReport", "urn:varde:result", RESULT + ".2"));
        return o;
    }

    private static String json(Resource resource) {
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource);
    }

    private String refusal(Resource resource) {
        RisFeedbackRefused e = assertThrows(RisFeedbackRefused.class,
                () -> reader.read(resource.fhirType(), null, json(resource)));
        assertEquals(422, e.status(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anObservationNamesItsResultByVardesIdentifierAndItsSourceByItsOwn() throws Exception {
        Observation o = assessment("partly");
        o.addComponent().setCode(feedback("correct-finding"))
                .setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "59282003", "Pulmonary embolism")));
        o.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.9999.1").setValue("a-1");
        o.addPerformer().setIdentifier(new Identifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.4").setValue("9144889"));
        RisFeedback f = reader.read("Observation", null, json(o));
        assertEquals(RESULT, f.resultId());
        assertEquals(RisFeedback.Agreement.PARTLY, f.agreement());
        assertEquals("http://snomed.info/sct|59282003 Pulmonary embolism", f.correctFinding());
        assertEquals("urn:oid:2.16.578.1.12.4.1.4.4|9144889", f.practitioner());
        assertEquals("Observation|urn:oid:2.16.578.1.12.4.1.9999.1|a-1", f.source());

        // without an identifier: an update's id makes it the same; a create names nothing
        Observation plain = assessment("agree");
        plain.setId("ris-7");
        assertEquals("Observation/ris-7", reader.read("Observation", "ris-7", json(plain)).source());
        assertNull(reader.read("Observation", null, json(assessment("agree"))).source());
        // by Varde's finding Observation (<result>.<version>.<n>)
        Observation derived = assessment("agree");
        derived.getFocus().clear();
        derived.addDerivedFrom(byIdentifier("Observation", "urn:varde:observation", RESULT + ".1.3"));
        assertEquals(RESULT, reader.read("Observation", null, json(derived)).resultId());
    }

    @Test
    void whatDoesNotNameOneResultOrOneWordIsRefusedSayingWhy() {
        Observation two = assessment("agree");
        two.addDerivedFrom(byIdentifier("Observation", "urn:varde:observation", "another-result.1.1"));
        assertTrue(refusal(two).contains("2 different results"), refusal(two));

        Observation literal = assessment("agree");
        literal.getFocus().clear();
        literal.addFocus(new Reference("DiagnosticReport/123"));
        assertTrue(refusal(literal).contains("by identifier"), refusal(literal));

        Observation noVersion = assessment("agree");
        noVersion.getFocus().clear();
        noVersion.addFocus(byIdentifier("DiagnosticReport", "urn:varde:result", RESULT));
        assertTrue(refusal(noVersion).contains("is not an identifier Varde gave"), refusal(noVersion));

        Observation twoWords = assessment("agree");
        ((CodeableConcept) twoWords.getValue()).addCoding(new Coding(RisFeedbackReader.FEEDBACK_SYSTEM, "disagree", null));
        assertTrue(refusal(twoWords).contains("Observation.valueCodeableConcept must hold one of"), refusal(twoWords));

        Observation preliminary = assessment("agree");
        preliminary.setStatus(Observation.ObservationStatus.PRELIMINARY);
        assertTrue(refusal(preliminary).contains("final, amended or corrected"), refusal(preliminary));
    }

    @Test
    void theWireTextIsValidatedSoWhatTheParserWouldDropIsRefused() {
        String withUnknownElement = json(assessment("agree")).replaceFirst("\\{", "{\"colour\": \"red\", ");
        RisFeedbackRefused e = assertThrows(RisFeedbackRefused.class,
                () -> reader.read("Observation", null, withUnknownElement));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        assertTrue(e.outcome().contains("\"resourceType\":\"OperationOutcome\""), e.outcome());
    }
}
