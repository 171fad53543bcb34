package org.varde.gateway.routing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.varde.connectors.config.ConfigBlock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a catalogue or route file, read key by key. It remembers the keys it was asked for
 * so that {@link #refuseUnknownKeys()} names a misspelt key instead of ignoring it: a typo in an
 * intended use must never widen it silently.
 */
final class YamlMapping implements ConfigBlock {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final String path;
    private final JsonNode node;
    private final Path baseDir;
    private final Set<String> read = new LinkedHashSet<>();

    private YamlMapping(String path, JsonNode node, Path baseDir) {
        this.path = path;
        this.node = node;
        this.baseDir = baseDir;
    }

    static JsonNode readFile(Path file) throws RoutingConfigException {
        try {
            String text = Files.readString(file);
            return text.isBlank() ? null : YAML.readTree(text);
        } catch (JacksonException e) {
            throw new RoutingConfigException("", file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RoutingConfigException("", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Relative file paths in it resolve against the working directory: a tree not read from a file. */
    static YamlMapping of(String path, JsonNode node) throws RoutingConfigException {
        return of(path, node, Path.of("").toAbsolutePath());
    }

    /** @param baseDir the folder of the file it was read from, for relative file paths in it */
    static YamlMapping of(String path, JsonNode node, Path baseDir) throws RoutingConfigException {
        if (node == null || !node.isObject()) {
            throw new RoutingConfigException(path, "must be a mapping of keys to values, was " + describe(node));
        }
        return new YamlMapping(path, node, baseDir);
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> plainMapping(String key) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new RoutingConfigException(keyPath(key), "must be a mapping of keys to values, was " + describe(value));
        }
        return PLAIN.convertValue(value, Map.class);
    }

    String path() {
        return path;
    }

    @Override
    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The value under {@code key}, or null; marks the key as known. */
    JsonNode raw(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    @Override
    public String requiredText(String key) throws RoutingConfigException {
        String value = optionalText(key);
        if (value == null) {
            throw new RoutingConfigException(keyPath(key), "is required");
        }
        return value;
    }

    @Override
    public String optionalText(String key) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            // YAML 1.1: a bare yes/no/on/off/true/false is a boolean, not the word
            throw new RoutingConfigException(keyPath(key), "must be a string, was the boolean " + value.asText()
                    + " (quote it: YAML reads a bare yes, no, on, off as true or false)");
        }
        if (!value.isValueNode()) {
            throw new RoutingConfigException(keyPath(key), "must be a string, was " + describe(value));
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw new RoutingConfigException(keyPath(key), "must not be empty");
        }
        return text;
    }

    /** An optional list of non-empty strings; absent means an empty list. */
    List<String> texts(String key) throws RoutingConfigException {
        JsonNode value = raw(key);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw new RoutingConfigException(keyPath(key), "must be a list of strings, was " + describe(value));
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!item.isValueNode() || item.isNull() || item.isBoolean() || item.asText().isBlank()) {
                throw new RoutingConfigException(itemPath, "must be a non-empty string, was " + describe(item));
            }
            if (result.contains(item.asText().trim())) {
                throw new RoutingConfigException(itemPath, "duplicate value \"" + item.asText().trim() + "\"");
            }
            result.add(item.asText().trim());
        }
        return result;
    }

    Double optionalNumber(String key, double min) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new RoutingConfigException(keyPath(key), "must be a number, was " + describe(value));
        }
        double number = value.asDouble();
        if (!Double.isFinite(number)) {
            throw new RoutingConfigException(keyPath(key), "must be a finite number, was " + describe(value));
        }
        if (number < min) {
            throw new RoutingConfigException(keyPath(key), "must be >= " + NumericRange.format(min));
        }
        return number;
    }

    @Override
    public int integer(String key, int dflt, int min, int max) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            return dflt;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()
                || value.asInt() < min || value.asInt() > max) {
            throw new RoutingConfigException(keyPath(key), "must be an integer " + min + ".." + max + ", was " + describe(value));
        }
        return value.asInt();
    }

    @Override
    public boolean bool(String key, boolean dflt) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            return dflt;
        }
        if (!value.isBoolean()) {
            throw new RoutingConfigException(keyPath(key), "must be true or false, was " + describe(value));
        }
        return value.asBoolean();
    }

    @Override
    public YamlMapping mapping(String key) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            throw new RoutingConfigException(keyPath(key), "is required");
        }
        return of(keyPath(key), value, baseDir);
    }

    /** The items of a required, non-empty list under {@code key}. */
    List<JsonNode> list(String key) throws RoutingConfigException {
        JsonNode value = raw(key);
        if (value == null) {
            throw new RoutingConfigException(keyPath(key), "is required");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new RoutingConfigException(keyPath(key), "must be a non-empty list, was " + describe(value));
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** Keys present in the file, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Override
    public void refuseUnknownKeys() throws RoutingConfigException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new RoutingConfigException(keyPath(name), "unknown key (known here: " + String.join(", ", read) + ")");
            }
        }
    }

    @Override
    public RoutingConfigException problem(String key, String problem) {
        return new RoutingConfigException(keyPath(key), problem);
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty list" : "a list";
        }
        return "\"" + node.asText() + "\"";
    }
}
