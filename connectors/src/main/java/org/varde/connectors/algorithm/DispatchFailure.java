package org.varde.connectors.algorithm;

/**
 * Why a call to a vendor did not do what it should, in terms every protocol shares: what kind of
 * failure it was (what the circuit breaker counts), whether trying again may cure it (what the job
 * store does next: retry after a backoff, or dead-letter at once), and what the vendor itself said, in
 * its own words (a DIMSE status and error comment, an HTTP status and body excerpt, an association
 * rejection's reason), so the job's history shows the operator what to tell the vendor.
 */
public final class DispatchFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** How much of a vendor's own words a failure keeps (an HTTP body may be a whole error page). */
    public static final int MAX_PEER_WORDS = 512;

    /** What went wrong, in the terms the job store and the circuit breaker act on. */
    public enum Kind {
        /** Nobody answered at the endpoint: connection refused, unknown host, connect timeout. */
        UNREACHABLE(true),
        /** The vendor refused the call as a whole: association rejected, HTTP 401/403/404/415. */
        REJECTED(true),
        /** The vendor took the call but refused (some of) the data: a DIMSE failure status, HTTP 4xx/5xx on the payload. */
        REFUSED(true),
        /** The call did not finish within its timeout; what was on the wire was aborted. */
        TIMEOUT(true),
        /** The vendor aborted, dropped the connection, broke the protocol or answered garbage mid-call. */
        PROTOCOL(true),
        /** A spool file could not be read: our side, not the vendor's. */
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
    private final boolean retryable;
    private final String peerSaid;

    private DispatchFailure(Kind kind, boolean retryable, String message, String peerSaid, Throwable cause) {
        super(peerSaid == null ? message : message + " (vendor said: " + peerSaid + ")", cause);
        this.kind = kind;
        this.retryable = retryable;
        this.peerSaid = peerSaid;
    }

    /** A failure that a later attempt may cure (an outage, a timeout, an overloaded vendor). */
    public static DispatchFailure of(Kind kind, String message) {
        return new DispatchFailure(kind, true, message, null, null);
    }

    public static DispatchFailure of(Kind kind, String message, Throwable cause) {
        return new DispatchFailure(kind, true, message, null, cause);
    }

    /**
     * A failure with the vendor's own words ({@code "status A700 Out of Resources: disk full"},
     * {@code "HTTP 503: {\"error\":\"maintenance\"}"}), cut to {@link #MAX_PEER_WORDS} characters.
     *
     * @param retryable false when the vendor's answer says the same call will fail again (a permanent
     *                  association rejection, a DIMSE "cannot understand", HTTP 400)
     */
    public static DispatchFailure fromPeer(Kind kind, boolean retryable, String message, String peerSaid) {
        return new DispatchFailure(kind, retryable, message, excerpt(peerSaid), null);
    }

    public static DispatchFailure fromPeer(Kind kind, boolean retryable, String message, String peerSaid,
                                           Throwable cause) {
        return new DispatchFailure(kind, retryable, message, excerpt(peerSaid), cause);
    }

    /** A failure no retry can cure (our side cannot make the call): straight to the dead letters. */
    public static DispatchFailure permanent(Kind kind, String message) {
        return new DispatchFailure(kind, false, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying again later may succeed; false sends the job to the dead letters at once. */
    public boolean retryable() {
        return retryable;
    }

    /** What the vendor said, in its own words, or null when it said nothing (it never answered). */
    public String peerSaidOrNull() {
        return peerSaid;
    }

    /** Printable characters only, at most {@link #MAX_PEER_WORDS}: the words go into logs and the API. */
    static String excerpt(String words) {
        if (words == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(words.length(), MAX_PEER_WORDS + 1));
        for (int i = 0; i < words.length() && out.length() < MAX_PEER_WORDS; i++) {
            char c = words.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (words.length() > MAX_PEER_WORDS) {
            out.append('…');
        }
        return out.toString().strip();
    }

    @Override
    public String toString() {
        return "DispatchFailure[" + kind + (retryable ? "" : ", permanent") + "]: " + getMessage();
    }
}
