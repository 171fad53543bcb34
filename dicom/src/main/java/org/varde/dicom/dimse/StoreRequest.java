package org.varde.dicom.dimse;

import org.varde.dicom.net.AssociationInfo;

/**
 * A C-STORE-RQ as the SCP sees it when the command has arrived and the data set is about to stream.
 *
 * @param transferSyntaxUid the transfer syntax of the accepted presentation context: the data set
 *                          bytes that follow are encoded in it, untouched
 */
public record StoreRequest(AssociationInfo association, int messageId, String affectedSopClassUid,
                           String affectedSopInstanceUid, String transferSyntaxUid, int priority,
                           String moveOriginatorAeTitle, int moveOriginatorMessageId) {
}
