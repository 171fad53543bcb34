package org.varde.gateway.worklist;

import java.util.Optional;

/** Procedure Step State (0074,1000), PS3.4 CC.1.1: SCHEDULED → IN PROGRESS → COMPLETED or CANCELED. */
public enum ProcedureStepState {
    SCHEDULED("SCHEDULED"),
    IN_PROGRESS("IN PROGRESS"),
    COMPLETED("COMPLETED"),
    CANCELED("CANCELED");

    private final String word;

    ProcedureStepState(String word) {
        this.word = word;
    }

    /** As the standard spells it (with its space), in the database and in DICOM JSON. */
    public String word() {
        return word;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELED;
    }

    public static Optional<ProcedureStepState> fromWord(String word) {
        for (ProcedureStepState s : values()) {
            if (s.word.equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
