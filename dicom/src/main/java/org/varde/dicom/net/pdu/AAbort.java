package org.varde.dicom.net.pdu;

/** PS3.8 9.3.8: A-ABORT with its source and reason/diagnostic. */
public record AAbort(int source, int reason) implements Pdu {
    /** PS3.8 9.3.8 source 0: the DICOM UL service-user initiated the abort. */
    public static final int SERVICE_USER = 0;
    /** PS3.8 9.3.8 source 2: the DICOM UL service-provider initiated the abort. */
    public static final int SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    public static AAbort byUser() {
        return new AAbort(SERVICE_USER, REASON_NOT_SPECIFIED);
    }

    @Override
    public int type() {
        return A_ABORT;
    }
}
