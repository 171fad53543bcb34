package org.varde.dicom.net.pdu;

/** The six bytes in front of every PDU (PS3.8 9.3.1), already checked by {@link PduDecoder#header}. */
public record PduHeader(int type, int length) {
}
