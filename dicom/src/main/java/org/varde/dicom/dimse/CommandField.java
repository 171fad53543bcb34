package org.varde.dicom.dimse;

/** PS3.7 E.1: values of Command Field (0000,0100). A response is its request with bit 15 set. */
public final class CommandField {
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int C_CANCEL_RQ = 0x0FFF;
    public static final int N_SET_RQ = 0x0120;
    public static final int N_SET_RSP = 0x8120;
    public static final int N_CREATE_RQ = 0x0140;
    public static final int N_CREATE_RSP = 0x8140;
    private static final int RESPONSE_BIT = 0x8000;

    private CommandField() {
    }

    public static boolean isResponse(int commandField) {
        return (commandField & RESPONSE_BIT) != 0;
    }

    public static int responseTo(int requestField) {
        return requestField | RESPONSE_BIT;
    }
}
