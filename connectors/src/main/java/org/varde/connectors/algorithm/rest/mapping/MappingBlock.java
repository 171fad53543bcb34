package org.varde.connectors.algorithm.rest.mapping;

import org.varde.connectors.config.ConfigBlockException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of the {@code mapping:} block, as plain YAML values, read key by key with the key path
 * of every problem ({@code algorithms[1].endpoint.mapping.findings.code.value: ...}); a key nobody read
 * is refused, so a misspelt pointer name names itself instead of silently mapping nothing.
 */
final class MappingBlock {
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new HashSet<>();

    MappingBlock(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    String keyPath(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    ConfigBlockException problem(String key, String problem) {
        return new ConfigBlockException(keyPath(key), problem);
    }

    /** A JSON Pointer under {@code key}, or null when absent. */
    Pointer pointer(String key) throws ConfigBlockException {
        read.add(key);
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw problem(key, "must be a JSON Pointer written as a string, such as \"/findings\"");
        }
        try {
            return Pointer.parse(text);
        } catch (IllegalArgumentException e) {
            throw problem(key, e.getMessage());
        }
    }

    Pointer requiredPointer(String key) throws ConfigBlockException {
        Pointer pointer = pointer(key);
        if (pointer == null) {
            throw problem(key, "is required (a JSON Pointer into the vendor's result)");
        }
        return pointer;
    }

    String text(String key) throws ConfigBlockException {
        read.add(key);
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw problem(key, "must be a string");
        }
        return value.toString().strip();
    }

    /** A nested mapping, or null when absent. */
    @SuppressWarnings("unchecked")
    MappingBlock block(String key) throws ConfigBlockException {
        read.add(key);
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(key, "must be a mapping");
        }
        return new MappingBlock(keyPath(key), (Map<String, Object>) map);
    }

    /**
     * {@code word: [vendor value, ...]} for each word the vendor's values are translated to, e.g.
     * {@code positive: [FRACTURE, "yes"]}; every vendor value is compared as text.
     */
    Map<String, String> words(String key, List<String> allowedWords) throws ConfigBlockException {
        MappingBlock block = block(key);
        Map<String, String> byVendorValue = new LinkedHashMap<>();
        if (block == null) {
            return byVendorValue;
        }
        for (Map.Entry<String, Object> e : block.values.entrySet()) {
            if (!allowedWords.contains(e.getKey())) {
                throw block.problem(e.getKey(), "is not one of " + allowedWords);
            }
            List<?> vendorValues = e.getValue() instanceof List<?> list ? list : List.of(String.valueOf(e.getValue()));
            for (Object v : vendorValues) {
                if (v == null || byVendorValue.putIfAbsent(v.toString(), e.getKey()) != null) {
                    throw block.problem(e.getKey(), "the vendor value \"" + v + "\" is empty or given twice");
                }
            }
        }
        return byVendorValue;
    }

    void refuseUnknownKeys() throws ConfigBlockException {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw problem(key, "unknown key");
            }
        }
    }
}
