package org.varde.gateway.privacy;

/** The privacy stage could not do its work (store unreachable, an instance that cannot be de-identified). */
public final class PrivacyException extends RuntimeException {
    public PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }

    public PrivacyException(String message) {
        super(message);
    }
}
