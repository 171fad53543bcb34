package org.varde.dicom.tls;

/** A {@code tls:} block that cannot be used; carries the key path so the caller's error names it. */
public final class TlsConfigException extends Exception {
    private final String key;

    public TlsConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The full key path, e.g. {@code dicom.tls.certificate}. */
    public String key() {
        return key;
    }
}
