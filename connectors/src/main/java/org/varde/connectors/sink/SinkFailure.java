package org.varde.connectors.sink;

import java.util.Objects;

/**
 * Why a sink did not deliver. The kind says what the delivery stage does next; the message carries
 * the peer's own words (HTTP status and OperationOutcome text, HL7 MSA/ERR, DIMSE status).
 */
public final class SinkFailure extends Exception {

    public enum Kind {
        /** Nobody answered: refused, unknown host, connect timeout. */
        UNREACHABLE(true),
        /** No complete answer within the timeout. */
        TIMEOUT(true),
        /** The peer answered that it cannot take it now (HTTP 5xx, 408, 429; HL7 AE/AR). */
        REFUSED_TRANSIENT(true),
        /** The peer answered that it will never take it as sent (HTTP 4xx; an invalid message). */
        REFUSED(false),
        /** The peer answered something that is not the protocol's answer. */
        PROTOCOL(true),
        /** What we built failed our own validation: nothing was sent. */
        INVALID(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public SinkFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public SinkFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /** At most {@code max} characters of a peer's answer, on one line: enough to act on, never a flood. */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    @Override
    public String toString() {
        return "SinkFailure[" + kind + "]: " + getMessage();
    }
}
