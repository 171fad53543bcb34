package org.varde.dicom.net.pdu;

/** One upper-layer protocol data unit (PS3.8 9.3). Each PDU type is its own value class. */
public sealed interface Pdu permits AAssociateRQ, AAssociateAC, AAssociateRJ, PDataTF, AReleaseRQ, AReleaseRP, AAbort {
    int A_ASSOCIATE_RQ = 0x01;
    int A_ASSOCIATE_AC = 0x02;
    int A_ASSOCIATE_RJ = 0x03;
    int P_DATA_TF = 0x04;
    int A_RELEASE_RQ = 0x05;
    int A_RELEASE_RP = 0x06;
    int A_ABORT = 0x07;

    /** PS3.8 9.3.1: PDU type, reserved byte, 4-byte big endian length. */
    int HEADER_LENGTH = 6;

    int type();
}
