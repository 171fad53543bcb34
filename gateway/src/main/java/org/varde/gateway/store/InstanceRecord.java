package org.varde.gateway.store;

import java.time.Instant;

/**
 * What the journal knows about one received SOP instance: the header attributes routing needs,
 * who sent it, and where it lies in the spool ({@code spoolPath} relative to the spool folder).
 * Text values are bounded to the journal's column widths by {@link JdbcJournal}.
 */
public record InstanceRecord(String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                             String sopClassUid, String transferSyntaxUid,
                             String patientId, String patientName, String patientBirthDate, String patientSex,
                             String patientAge, String accessionNumber, String modality, String bodyPartExamined,
                             String studyDescription, String seriesDescription, String imageType,
                             Double sliceThickness, String viewPosition, String institutionName,
                             String stationName, String manufacturer, String callingAeTitle,
                             long byteCount, Instant receivedAt, String spoolPath, boolean fileMissing) {
}
