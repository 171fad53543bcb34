package org.varde.connectors.result;

import java.util.Objects;

/**
 * A coded concept as DICOM writes it (PS3.3 8.8: Code Value, Coding Scheme Designator, Code Meaning),
 * e.g. {@code (39607008, SCT, "Lung")}. FHIR maps the designator to a system URI.
 */
public record Code(String value, String scheme, String meaning) {
    public Code {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(meaning, "meaning");
        if (value.isBlank() || scheme.isBlank()) {
            throw new IllegalArgumentException("a code needs a value and a coding scheme");
        }
    }
}
