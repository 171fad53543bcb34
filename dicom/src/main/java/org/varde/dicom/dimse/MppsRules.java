package org.varde.dicom.dimse;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.util.List;
import java.util.Optional;

/**
 * The life cycle of a Modality Performed Procedure Step (PS3.4 F.7.2): created IN PROGRESS, then set
 * once to COMPLETED or DISCONTINUED, after which it may no longer change. Stateless: the handler
 * knows the step's current status and asks.
 */
public final class MppsRules {
    public static final String IN_PROGRESS = "IN PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String DISCONTINUED = "DISCONTINUED";
    /** PS3.4 F.7.2.2.4, Table F.7.2-2: the Error ID and comment of an N-SET on a finished step. */
    public static final int ERROR_ID_NO_LONGER_UPDATABLE = 0xA710;
    public static final String NO_LONGER_UPDATABLE = "Performed Procedure Step Object may no longer be updated";

    private static final List<String> STATUSES = List.of(IN_PROGRESS, COMPLETED, DISCONTINUED);

    private MppsRules() {
    }

    /** Performed Procedure Step Status (0040,0252) without padding, or null when absent or empty. */
    public static String status(Attributes step) {
        String value = step.getString(Tag.PerformedProcedureStepStatus);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** COMPLETED and DISCONTINUED are final (PS3.4 F.7.2.2: no further N-SET). */
    public static boolean isFinal(String status) {
        return COMPLETED.equals(status) || DISCONTINUED.equals(status);
    }

    /**
     * PS3.4 F.7.2.1: the N-CREATE attribute list carries Performed Procedure Step Status (Type 1),
     * and its value is IN PROGRESS.
     *
     * @return the refusal to answer, or empty when the create is acceptable
     */
    public static Optional<MppsResponse> refuseCreate(Attributes attributeList) {
        if (!attributeList.contains(Tag.PerformedProcedureStepStatus)) {
            return refuse(Status.MISSING_ATTRIBUTE, "Performed Procedure Step Status missing");
        }
        String status = status(attributeList);
        if (status == null) {
            return refuse(Status.MISSING_ATTRIBUTE_VALUE, "Performed Procedure Step Status empty");
        }
        if (!IN_PROGRESS.equals(status)) {
            return refuse(Status.INVALID_ATTRIBUTE_VALUE, "Performed Procedure Step Status must be IN PROGRESS");
        }
        return Optional.empty();
    }

    /**
     * PS3.4 F.7.2.2: a step in a final state refuses every N-SET with 0110 and Error ID A710; a new
     * status must be one of the three defined terms (PS3.3 C.4.14).
     *
     * @param currentStatus the step's status before this N-SET
     * @return the refusal to answer, or empty when the modification is acceptable
     */
    public static Optional<MppsResponse> refuseSet(String currentStatus, Attributes modifications) {
        if (isFinal(currentStatus)) {
            return Optional.of(new MppsResponse(Status.PROCESSING_FAILURE, null, NO_LONGER_UPDATABLE,
                    ERROR_ID_NO_LONGER_UPDATABLE));
        }
        if (modifications.contains(Tag.PerformedProcedureStepStatus)
                && !STATUSES.contains(status(modifications))) {
            return refuse(Status.INVALID_ATTRIBUTE_VALUE,
                    "Performed Procedure Step Status must be IN PROGRESS, COMPLETED or DISCONTINUED");
        }
        return Optional.empty();
    }

    /**
     * PS3.7 10.1.3: the SCP replaces each attribute of the modification list in the instance (a
     * sequence as a whole); an attribute sent empty is emptied.
     */
    public static void apply(Attributes step, Attributes modifications) {
        copyElements(modifications, step);
    }

    private static void copyElements(Attributes from, Attributes to) {
        for (int tag : from) {
            VR vr = from.getVR(tag);
            List<Attributes> items = from.getSequence(tag);
            List<byte[]> fragments = from.getFragments(tag);
            if (items != null) {
                List<Attributes> copies = to.newSequence(tag);
                for (Attributes item : items) {
                    Attributes copy = new Attributes(to);
                    copyElements(item, copy);
                    copies.add(copy);
                }
            } else if (fragments != null) {
                to.setFragments(tag, vr, fragments);
            } else {
                byte[] value = from.getBytes(tag);
                to.setBytes(tag, vr, value == null ? new byte[0] : value);
            }
        }
    }

    private static Optional<MppsResponse> refuse(Status status, String comment) {
        return Optional.of(MppsResponse.failure(status, comment));
    }
}
