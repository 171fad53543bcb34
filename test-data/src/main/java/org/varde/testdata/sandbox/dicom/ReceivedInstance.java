package org.varde.testdata.sandbox.dicom;

/** What the sandbox vendor remembers of an instance it received: enough to refer to it in its answer. */
public record ReceivedInstance(String patientId, String patientName, String studyInstanceUid,
                               String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
}
