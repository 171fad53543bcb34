package org.varde.connectors.result;

import java.util.Locale;

/**
 * Worklist priority, in FHIR R4's request-priority codes (http://hl7.org/fhir/request-priority), in
 * rising order of urgency; HL7 v2 and DICOM map from these.
 */
public enum WorklistPriority {
    ROUTINE, URGENT, ASAP, STAT;

    /** The FHIR code: {@code routine | urgent | asap | stat}. */
    public String fhirCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isHigherThan(WorklistPriority other) {
        return compareTo(other) > 0;
    }

    public static WorklistPriority fromFhirCode(String code) {
        for (WorklistPriority p : values()) {
            if (p.fhirCode().equals(code)) {
                return p;
            }
        }
        throw new IllegalArgumentException("not a FHIR request priority (routine|urgent|asap|stat): \"" + code + "\"");
    }
}
