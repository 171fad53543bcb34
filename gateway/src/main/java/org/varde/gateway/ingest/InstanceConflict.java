package org.varde.gateway.ingest;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A received instance whose SOP Instance UID is already journaled for another patient or another
 * study. A SOP Instance UID names one object for ever (PS3.3 C.12.1.1.1, PS3.5 9.1), so a second
 * object under it is a mistake somewhere upstream (a modality reusing UIDs, a merge gone wrong, a
 * hostile sender); replacing the stored one would silently move images between patients. Other
 * differences (a corrected description, another transfer syntax) are an ordinary resend.
 *
 * @param differing the attributes that differ, by keyword; never their values (they identify a patient)
 */
record InstanceConflict(List<String> differing, String receivedStudyUid, String storedStudyUid) {
    /** Blocking (one journal read by primary key): call it on the worker that stores. */
    static Optional<InstanceConflict> between(Journal journal, Attributes received) {
        Optional<InstanceRecord> stored = journal.instance(received.getString(Tag.SOPInstanceUID));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<String> differing = new ArrayList<>();
        String patientId = JdbcJournal.patientIdAsJournaled(received.getString(Tag.PatientID));
        if (!Objects.equals(blankAsNull(patientId), blankAsNull(stored.get().patientId()))) {
            differing.add("PatientID");
        }
        String studyUid = received.getString(Tag.StudyInstanceUID);
        if (!Objects.equals(studyUid, stored.get().studyInstanceUid())) {
            differing.add("StudyInstanceUID");
        }
        return differing.isEmpty() ? Optional.empty()
                : Optional.of(new InstanceConflict(List.copyOf(differing), studyUid, stored.get().studyInstanceUid()));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** In words fit for a WARN line and the reason file: UIDs and attribute names, no patient data. */
    String describe() {
        return String.join(" and ", differing) + " differ from the stored instance's (stored in Study "
                + storedStudyUid + ", received for Study " + receivedStudyUid + ")";
    }
}
