package org.varde.dicom.net;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.dimse.Status;

/**
 * The response to an N-CREATE-RQ or N-SET-RQ we sent (PS3.7 10.1.5, 10.1.3).
 *
 * @param affectedSopInstanceUid the instance the SCP created or set; after an N-CREATE without a UID,
 *                               the one the SCP chose. Null when the SCP left it out.
 * @param attributes             the response's attribute list, or null when it carried no data set
 * @param errorComment           Error Comment (0000,0902), or null
 * @param errorId                Error ID (0000,0903), or 0 when absent
 */
public record NormalizedResponse(Status status, String affectedSopInstanceUid, Attributes attributes,
                                 String errorComment, int errorId) {
}
