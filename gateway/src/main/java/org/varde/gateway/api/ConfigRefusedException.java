package org.varde.gateway.api;

/** A reload refused because the new config is invalid; the message names the file and key at fault. */
public final class ConfigRefusedException extends RuntimeException {
    public ConfigRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
