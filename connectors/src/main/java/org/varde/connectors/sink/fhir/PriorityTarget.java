package org.varde.connectors.sink.fhir;

import java.util.Locale;

/**
 * Where a FHIR output puts the worklist priority a result asks for ({@code priorityBy:}): a new Task
 * asking for the change, or the RIS's own order, the ServiceRequest found by accession number, updated
 * in place.
 */
public enum PriorityTarget {
    TASK("task"), SERVICE_REQUEST("serviceRequest");

    private final String word;

    PriorityTarget(String word) {
        this.word = word;
    }

    /** As written in the config. */
    public String word() {
        return word;
    }

    public static PriorityTarget fromWord(String word) {
        for (PriorityTarget t : values()) {
            if (t.word.equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("must be task or serviceRequest, was \"" + word + "\"");
    }

    @Override
    public String toString() {
        return word.toLowerCase(Locale.ROOT);
    }
}
