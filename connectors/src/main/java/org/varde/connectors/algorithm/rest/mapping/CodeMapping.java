package org.varde.connectors.algorithm.rest.mapping;

import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.result.Code;

import java.util.Map;

/**
 * Where a coded concept is in the vendor's JSON ({@code value}, {@code system}, {@code display}
 * pointers), or the concept itself when the vendor does not code it ({@code fixed:}). A system given
 * as a FHIR system URI is written as the DICOM coding scheme designator the result model uses
 * (PS3.16 Section 8, Coding Schemes: SCT, LN, RADLEX, UCUM, DCM).
 */
final class CodeMapping {
    /** FHIR system URIs (HL7 terminology, "Using codes in resources") and their PS3.16 Table 8-1 designators. */
    private static final Map<String, String> DESIGNATORS = Map.of(
            "http://snomed.info/sct", "SCT",
            "http://loinc.org", "LN",
            "http://radlex.org", "RADLEX",
            "http://www.radlex.org", "RADLEX",
            "http://unitsofmeasure.org", "UCUM",
            "http://dicom.nema.org/resources/ontology/DCM", "DCM");
    private static final java.util.regex.Pattern DESIGNATOR = java.util.regex.Pattern.compile("[A-Za-z0-9_.\\-]{1,16}");

    private final Pointer value;
    private final Pointer system;
    private final Pointer display;
    private final Code fixed;

    private CodeMapping(Pointer value, Pointer system, Pointer display, Code fixed) {
        this.value = value;
        this.system = system;
        this.display = display;
        this.fixed = fixed;
    }

    static CodeMapping read(MappingBlock block) throws ConfigBlockException {
        MappingBlock fixedBlock = block.block("fixed");
        if (fixedBlock != null) {
            String v = fixedBlock.text("value");
            String s = fixedBlock.text("system");
            String d = fixedBlock.text("display");
            fixedBlock.refuseUnknownKeys();
            block.refuseUnknownKeys();
            if (v == null || s == null || d == null) {
                throw fixedBlock.problem(v == null ? "value" : s == null ? "system" : "display", "is required");
            }
            String designator = designator(s);
            if (designator == null) {
                throw fixedBlock.problem("system", "must be a coding scheme designator (SCT, LN, ...) or a known"
                        + " system URI " + DESIGNATORS.keySet() + ", was \"" + s + "\"");
            }
            return new CodeMapping(null, null, null, new Code(v, designator, d));
        }
        CodeMapping mapping = new CodeMapping(block.requiredPointer("value"), block.requiredPointer("system"),
                block.requiredPointer("display"), null);
        block.refuseUnknownKeys();
        return mapping;
    }

    Code in(Object element, String base) throws UnfitResultException {
        if (fixed != null) {
            return fixed;
        }
        String v = Values.text(element, base, value, true);
        String s = Values.text(element, base, system, true);
        String d = Values.text(element, base, display, true);
        String designator = designator(s);
        if (designator == null) {
            throw UnfitResultException.at(Values.where(base, system), "a coding scheme designator or one of "
                    + DESIGNATORS.keySet(), s);
        }
        return new Code(v, designator, d);
    }

    private static String designator(String system) {
        String known = DESIGNATORS.get(system);
        if (known != null) {
            return known;
        }
        return DESIGNATOR.matcher(system).matches() ? system : null;
    }
}
