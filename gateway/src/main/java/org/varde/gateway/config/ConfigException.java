package org.varde.gateway.config;

/** A configuration file that cannot be used; the message names the key and the problem. */
public class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
    }

    /** The dotted key at fault ({@code dicom.port}), empty for the file as a whole. */
    public String key() {
        return key;
    }
}
