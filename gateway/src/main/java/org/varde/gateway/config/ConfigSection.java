package org.varde.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One mapping of the YAML tree, read key by key. It remembers which keys were read so that
 * {@link #refuseUnknownKeys()} can name a misspelt key instead of ignoring it silently.
 */
final class ConfigSection {
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();

    ConfigSection(String path, JsonNode node) throws ConfigException {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new ConfigException(path, "must be a mapping of keys to values, was " + describe(node));
        }
        this.path = path;
        this.node = node;
    }

    ConfigSection section(String key) throws ConfigException {
        return new ConfigSection(keyPath(key), value(key));
    }

    String string(String key, String dflt) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new ConfigException(keyPath(key), "must be a string, was " + describe(value));
        }
        return value.asText();
    }

    int integer(String key, int dflt, int min, int max) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isIntegralNumber()) {
            throw new ConfigException(keyPath(key), "must be an integer " + min + ".." + max + ", was " + describe(value));
        }
        long number = value.asLong();
        if (!value.canConvertToLong() || number < min || number > max) {
            throw new ConfigException(keyPath(key), "must be " + min + ".." + max + ", was " + value.asText());
        }
        return (int) number;
    }

    /** A number, whole or not, in min..max. */
    double number(String key, double dflt, double min, double max) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isNumber() || !(value.asDouble() >= min && value.asDouble() <= max)) {
            throw new ConfigException(keyPath(key), "must be a number " + min + ".." + max + ", was " + describe(value));
        }
        return value.asDouble();
    }

    /** A whole number that may exceed an int (byte counts on disk). */
    long longInteger(String key, long dflt, long min, long max) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ConfigException(keyPath(key), "must be an integer " + min + ".." + max + ", was " + describe(value));
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw new ConfigException(keyPath(key), "must be " + min + ".." + max + ", was " + value.asText());
        }
        return number;
    }

    boolean bool(String key, boolean dflt) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(keyPath(key), "must be true or false, was " + describe(value));
        }
        return value.asBoolean();
    }

    List<String> strings(String key) throws ConfigException {
        JsonNode value = value(key);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(keyPath(key), "must be a list of strings, was " + describe(value));
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new ConfigException(keyPath(key) + "[" + i + "]", "must be a string, was " + describe(item));
            }
            result.add(item.asText());
        }
        return result;
    }

    /** A nested mapping as plain Java values, for a reader shared with other files (the tls: block); null when absent. */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> plainMapping(String key) throws ConfigException {
        JsonNode value = value(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new ConfigException(keyPath(key), "must be a mapping of keys to values, was " + describe(value));
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(value, java.util.Map.class);
    }

    /** A list of mappings ({@code sites:}), each read as its own section named {@code key[i]}; empty when absent. */
    List<ConfigSection> sections(String key) throws ConfigException {
        JsonNode value = value(key);
        List<ConfigSection> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(keyPath(key), "must be a list of mappings, was " + describe(value));
        }
        for (int i = 0; i < value.size(); i++) {
            result.add(new ConfigSection(keyPath(key) + "[" + i + "]", value.get(i)));
        }
        return result;
    }

    /** Whether the key is given (with any value but null); the key counts as read. */
    boolean has(String key) {
        JsonNode value = value(key);
        return value != null && !value.isNull();
    }

    /** Whether this section is given at all. */
    boolean present() {
        return node != null && !node.isNull();
    }

    /** The keys of this mapping, each counted as read: for sections whose keys are data (a map). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        read.addAll(keys);
        return keys;
    }

    void refuseUnknownKeys() throws ConfigException {
        if (node == null || node.isNull()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new ConfigException(keyPath(name), "unknown key");
            }
        }
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonNode value(String key) {
        read.add(key);
        return node == null ? null : node.get(key);
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.asText() + "\"";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.asText();
    }
}
