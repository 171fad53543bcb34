package org.varde.connectors.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * One mapping of a configuration file, read key by key, as a connector sees it: the gateway hands each
 * protocol its own {@code endpoint:} block and the protocol reads the keys it knows. A key nobody read
 * is refused by {@link #refuseUnknownKeys()}, so a misspelt key names itself instead of being ignored.
 * Every problem is a {@link ConfigBlockException} naming the key path.
 */
public interface ConfigBlock {

    /** {@code algorithms[0].endpoint.port} for {@code port}: for messages. */
    String keyPath(String key);

    boolean has(String key);

    String requiredText(String key) throws ConfigBlockException;

    /** The trimmed text under {@code key}, or null when absent. */
    String optionalText(String key) throws ConfigBlockException;

    /** An integer in {@code min..max}, {@code dflt} when absent. */
    int integer(String key, int dflt, int min, int max) throws ConfigBlockException;

    boolean bool(String key, boolean dflt) throws ConfigBlockException;

    /** A nested mapping (required: check {@link #has} first for an optional one). */
    ConfigBlock mapping(String key) throws ConfigBlockException;

    /**
     * A nested mapping as plain Java values (maps, lists, strings, numbers, booleans), for a reader
     * shared with other config files, such as the {@code tls:} block; null when absent. Marks the key read.
     */
    Map<String, Object> plainMapping(String key) throws ConfigBlockException;

    /** The folder a relative file path in this block is resolved against: the folder of its file. */
    Path baseDir();

    /** Fails on the first key that no call above asked for. */
    void refuseUnknownKeys() throws ConfigBlockException;

    /** The problem with {@code key}, as the exception this block throws. */
    ConfigBlockException problem(String key, String problem);

    /** An integer that must be present. */
    default int requiredInteger(String key, int min, int max) throws ConfigBlockException {
        if (!has(key)) {
            throw problem(key, "is required");
        }
        return integer(key, min, min, max);
    }
}
