package org.varde.gateway.store;

/** The journal's database failed; the caller answers the peer with an error and keeps running. */
public class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
