package org.varde.gateway.assembly;

/**
 * The answer to an explicit {@code complete(studyUid)}.
 *
 * @param generation the generation completed now, or the one already complete; -1 for an unknown study
 */
public record ExplicitCompletion(Outcome outcome, String studyInstanceUid, int generation) {

    public enum Outcome {
        /** The study was assembling and is complete now; it is being handed to routing. */
        COMPLETED,
        /** Another trigger completed this generation before; nothing changed. */
        ALREADY_COMPLETE,
        /** No instance of this study has been received. */
        UNKNOWN_STUDY
    }
}
