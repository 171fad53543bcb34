package org.varde.connectors.algorithm.ups;

import java.util.Objects;

/** One instance a workitem's performer is to retrieve: an item of the Input Information Sequence (0040,4021). */
public record InputInstance(String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
                            String sopInstanceUid) {
    public InputInstance {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }
}
