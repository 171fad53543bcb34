package org.varde.connectors.result;

import java.util.Objects;

/**
 * Names one version of one result, so every sink can derive stable identifiers from it: a resend of
 * the same version replaces what it sent before (same SOP Instance UID, same FHIR identifiers, same
 * HL7 message control id), a new version is a new object.
 *
 * @param resultId the result's id in Varde's store
 * @param version  1 for the first result of a job, counted up when the vendor sends a new one
 */
public record ReportKey(String resultId, int version) {
    public ReportKey {
        Objects.requireNonNull(resultId, "resultId");
        if (resultId.isBlank() || !resultId.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '|' && c != '^' && c != '&' && c != '~' && c != '\\')) {
            // the id lands in FHIR identifiers and HL7 fields: printable, no delimiter of either
            throw new IllegalArgumentException("a result id is printable ASCII without | ^ & ~ \\, was \"" + resultId + "\"");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, was " + version);
        }
    }

    /** {@code <resultId>.<version>}: the identifier value sinks use. */
    public String value() {
        return resultId + "." + version;
    }
}
