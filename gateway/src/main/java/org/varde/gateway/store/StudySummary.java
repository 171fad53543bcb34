package org.varde.gateway.store;

import java.time.Instant;

/** One study as the journal sums it up for the study list. */
public record StudySummary(String studyInstanceUid, String patientId, String modality, String accessionNumber,
                           int seriesCount, int instanceCount, int missingFileCount,
                           Instant firstReceived, Instant lastReceived) {
}
