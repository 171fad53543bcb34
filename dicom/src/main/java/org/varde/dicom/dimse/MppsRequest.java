package org.varde.dicom.dimse;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.net.AssociationInfo;

/**
 * An N-CREATE-RQ or N-SET-RQ of the MPPS SOP class as the handler sees it, data set read whole.
 *
 * @param sopInstanceUid       the Affected (N-CREATE) or Requested (N-SET) SOP Instance UID, checked
 *                             to be a safe UID; for an N-CREATE without one, the UID the SCP
 *                             generated and returns in the response (PS3.7 10.1.5)
 * @param instanceUidGenerated true when the SCP generated {@code sopInstanceUid}
 * @param dataSet              the N-CREATE attribute list or the N-SET modification list (may be empty)
 */
public record MppsRequest(AssociationInfo association, int messageId, String sopClassUid, String sopInstanceUid,
                          boolean instanceUidGenerated, Attributes dataSet) {
}
