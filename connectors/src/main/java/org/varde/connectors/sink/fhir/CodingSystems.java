package org.varde.connectors.sink.fhir;

import java.util.Map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.varde.connectors.result.Code;

/**
 * DICOM coding scheme designators (PS3.16 Section 8, Table 8-1) as FHIR code system URIs (FHIR R4
 * terminology page, "External code systems"). A designator FHIR has no URI for keeps its meaning as
 * text, so nothing is invented.
 */
final class CodingSystems {
    static final String SNOMED = "http://snomed.info/sct";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String UCUM = "http://unitsofmeasure.org";

    private static final Map<String, String> SYSTEMS = Map.of(
            "SCT", SNOMED,
            "SRT", SNOMED,          // retired designator for SNOMED, still sent by older products
            "DCM", DICOM,
            "LN", "http://loinc.org",
            "UMLS", "http://terminology.hl7.org/CodeSystem/umls",
            "RADLEX", "http://www.radlex.org",
            "UCUM", UCUM);

    private CodingSystems() {
    }

    static CodeableConcept concept(Code code) {
        CodeableConcept concept = new CodeableConcept().setText(code.meaning());
        String system = SYSTEMS.get(code.scheme());
        if (system != null) {
            concept.addCoding(new Coding(system, code.value(), code.meaning()));
        }
        return concept;
    }

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display)).setText(display);
    }
}
