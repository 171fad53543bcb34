package org.varde.dicom.net;

/** Who is on the other end of an accepted association: what ingest journals and metrics label by. */
public record AssociationInfo(String callingAeTitle, String calledAeTitle, String remoteHost, int remotePort,
                              long associationId) {
}
