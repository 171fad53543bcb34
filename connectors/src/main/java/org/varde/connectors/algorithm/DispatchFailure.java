package org.varde.connectors.algorithm;

import org.varde.dicom.dimse.Status;

/**
 * Why a dispatch did not deliver every instance. The kind decides what happens next (retry with
 * backoff, trip the circuit breaker, dead-letter); the message says what happened, for the operator.
 */
public final class DispatchFailure extends Exception {

    /** What went wrong, in the terms the job store and the circuit breaker act on. */
    public enum Kind {
        /** Nobody answered at the endpoint: connection refused, unknown host, connect timeout. */
        UNREACHABLE(true),
        /** The vendor refused the association or every way of sending a SOP class (PS3.8 9.3.4, 9.3.3.2). */
        REJECTED(true),
        /** The vendor refused at least one instance; the status says how (PS3.4 B.2.3). */
        INSTANCE_FAILED(true),
        /** The call did not finish within its timeout; the association was aborted. */
        TIMEOUT(true),
        /** The vendor aborted, dropped the connection or broke the protocol mid-call. */
        PROTOCOL(true),
        /** A spool file could not be read as DICOM: our side, not the vendor's. */
        SOURCE_UNREADABLE(false),
        /** Our side could not make the call at all: no adapter for the endpoint, an unexpected error. */
        INTERNAL(false),
        /** Set by the dispatcher: the breaker for this algorithm is open; nothing was sent. */
        CIRCUIT_OPEN(false),
        /** Set by the dispatcher: the algorithm's wait queue is full; nothing was sent. */
        QUEUE_FULL(false);

        private final boolean vendorFault;

        Kind(boolean vendorFault) {
            this.vendorFault = vendorFault;
        }

        /** Whether this says something about the vendor's health (what a circuit breaker counts). */
        public boolean isVendorFault() {
            return vendorFault;
        }
    }

    private final Kind kind;
    private final transient Status statusOrNull;

    private DispatchFailure(Kind kind, Status statusOrNull, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.statusOrNull = statusOrNull;
    }

    public static DispatchFailure of(Kind kind, String message) {
        if (kind == Kind.INSTANCE_FAILED) {
            throw new IllegalArgumentException("INSTANCE_FAILED carries a status: use instanceFailed");
        }
        return new DispatchFailure(kind, null, message, null);
    }

    public static DispatchFailure of(Kind kind, String message, Throwable cause) {
        if (kind == Kind.INSTANCE_FAILED) {
            throw new IllegalArgumentException("INSTANCE_FAILED carries a status: use instanceFailed");
        }
        return new DispatchFailure(kind, null, message, cause);
    }

    public static DispatchFailure instanceFailed(Status status, String message) {
        return new DispatchFailure(Kind.INSTANCE_FAILED, status, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The refusing status for {@link Kind#INSTANCE_FAILED}, null for every other kind. */
    public Status statusOrNull() {
        return statusOrNull;
    }

    @Override
    public String toString() {
        return "DispatchFailure[" + kind + (statusOrNull == null ? "" : " " + statusOrNull) + "]: " + getMessage();
    }
}
