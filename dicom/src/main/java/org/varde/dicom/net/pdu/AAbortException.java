package org.varde.dicom.net.pdu;

/**
 * The peer broke the upper-layer protocol. Carries the A-ABORT source and reason to send, so the code
 * that catches it answers without guessing (PS3.8 9.3.8).
 */
public class AAbortException extends RuntimeException {
    private final int source;
    private final int reason;

    public AAbortException(int source, int reason, String message) {
        super(message);
        this.source = source;
        this.reason = reason;
    }

    public static AAbortException invalidParameter(String message) {
        return new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.INVALID_PDU_PARAMETER_VALUE, message);
    }

    public int source() {
        return source;
    }

    public int reason() {
        return reason;
    }

    public AAbort toPdu() {
        return new AAbort(source, reason);
    }
}
