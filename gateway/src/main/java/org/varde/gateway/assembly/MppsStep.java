package org.varde.gateway.assembly;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.MppsRules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the gateway keeps of a Modality Performed Procedure Step's attribute list (PS3.3 C.4.13,
 * C.4.14): its status, the studies it belongs to and the instances it says it produced. The rest
 * (patient, times, doses) is not needed to decide completion and is not stored.
 *
 * @param status     Performed Procedure Step Status (0040,0252), or null when the list does not set it
 * @param studyUids  null when the list has no Scheduled Step Attributes Sequence (an N-SET leaves them)
 * @param references null when the list has no Performed Series Sequence (an N-SET leaves them)
 */
record MppsStep(String status, Set<String> studyUids, List<Reference> references) {

    /** One referenced instance: Referenced SOP Instance UID (0008,1155) in its series. */
    record Reference(String seriesInstanceUid, String sopInstanceUid) {
    }

    static MppsStep of(Attributes list) {
        return new MppsStep(MppsRules.status(list), studies(list), references(list));
    }

    /** PS3.3 C.4.13: Scheduled Step Attributes Sequence (0040,0270) > Study Instance UID (0020,000D). */
    private static Set<String> studies(Attributes list) {
        List<Attributes> scheduled = list.getSequence(Tag.ScheduledStepAttributesSequence);
        if (scheduled == null) {
            return null;
        }
        Set<String> uids = new LinkedHashSet<>();
        for (Attributes item : scheduled) {
            String uid = trimmed(item.getString(Tag.StudyInstanceUID));
            if (uid != null) {
                uids.add(uid);
            }
        }
        return uids;
    }

    /**
     * PS3.3 C.4.14: Performed Series Sequence (0040,0340) > Referenced Image Sequence (0008,1140) and
     * Referenced Non-Image Composite SOP Instance Sequence (0040,0220), each item naming one instance.
     */
    private static List<Reference> references(Attributes list) {
        List<Attributes> series = list.getSequence(Tag.PerformedSeriesSequence);
        if (series == null) {
            return null;
        }
        List<Reference> references = new ArrayList<>();
        for (Attributes one : series) {
            String seriesUid = trimmed(one.getString(Tag.SeriesInstanceUID));
            addReferences(references, seriesUid, one.getSequence(Tag.ReferencedImageSequence));
            addReferences(references, seriesUid, one.getSequence(Tag.ReferencedNonImageCompositeSOPInstanceSequence));
        }
        return references;
    }

    private static void addReferences(List<Reference> into, String seriesUid, List<Attributes> items) {
        if (items == null) {
            return;
        }
        for (Attributes item : items) {
            String sop = trimmed(item.getString(Tag.ReferencedSOPInstanceUID));
            if (sop != null) {
                into.add(new Reference(seriesUid, sop));
            }
        }
    }

    /** PS3.5 6.2: a UI value may be padded with one NUL to an even length. */
    private static String trimmed(String uid) {
        if (uid == null) {
            return null;
        }
        String t = uid.replace("\0", "").trim();
        return t.isEmpty() || t.length() > 64 ? null : t;
    }
}
