package org.varde.connectors.algorithm.dicomweb;

import java.util.Objects;

/**
 * An instance a vendor's QIDO-RS lists in a study that may be its result: where WADO-RS fetches it
 * ({@code studies/{study}/series/{series}/instances/{sop}}) and its SOP class.
 */
public record ResultInstance(String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
                             String sopInstanceUid) {
    public ResultInstance {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }

    /** PS3.4 Annex B: every SR Storage SOP class (Key Object Selection among them) is 1.2.840.10008.5.1.4.1.1.88.x. */
    public boolean isStructuredReport() {
        return sopClassUid.startsWith("1.2.840.10008.5.1.4.1.1.88.");
    }
}
