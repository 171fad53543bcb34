package org.varde.connectors.algorithm.rest.mapping;

import io.vertx.core.json.JsonArray;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Reads typed values out of a vendor's JSON at a mapping's pointers; every problem names where. */
final class Values {
    /** PS3.5 9.1: a UID is at most 64 characters of digits and dots. */
    private static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)*");
    /** Bounds a text the result model keeps (a code meaning, a name, a version). */
    static final int MAX_TEXT = 256;

    private Values() {
    }

    /** Where {@code pointer} points inside the element at {@code base}, for messages. */
    static String where(String base, Pointer pointer) {
        return base + pointer.text();
    }

    static String text(Object element, String base, Pointer pointer, boolean required) throws UnfitResultException {
        if (pointer == null) {
            return null;
        }
        Object value = pointer.in(element);
        if (value == null) {
            if (required) {
                throw UnfitResultException.at(where(base, pointer), "a value", null);
            }
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw UnfitResultException.at(where(base, pointer), "a string or number", value);
        }
        String text = value.toString().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl)) {
            throw UnfitResultException.at(where(base, pointer), "a non-empty text of at most " + MAX_TEXT
                    + " characters without control characters", value);
        }
        return text;
    }

    static String uid(Object element, String base, Pointer pointer) throws UnfitResultException {
        String text = text(element, base, pointer, true);
        if (text.length() > 64 || !UID.matcher(text).matches()) {
            throw UnfitResultException.at(where(base, pointer), "a DICOM UID (digits and dots, at most 64)", text);
        }
        return text;
    }

    static BigDecimal number(Object element, String base, Pointer pointer, boolean required)
            throws UnfitResultException {
        if (pointer == null) {
            return null;
        }
        Object value = pointer.in(element);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw UnfitResultException.at(where(base, pointer), "a number", value);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw UnfitResultException.at(where(base, pointer), "a finite number", value);
        }
        return new BigDecimal(n.toString());
    }

    /** The vendor's value translated into one of the model's words through {@code words}, or the word itself. */
    static String word(Object element, String base, Pointer pointer, Map<String, String> words, List<String> allowed,
                       boolean required) throws UnfitResultException {
        String text = text(element, base, pointer, required);
        if (text == null) {
            return null;
        }
        String word = words.get(text);
        if (word == null && allowed.contains(text.toLowerCase(java.util.Locale.ROOT))) {
            word = text.toLowerCase(java.util.Locale.ROOT);
        }
        if (word == null) {
            throw UnfitResultException.at(where(base, pointer), "one of " + allowed
                    + (words.isEmpty() ? "" : " or the vendor values " + words.keySet()), text);
        }
        return word;
    }

    static JsonArray array(Object element, String base, Pointer pointer) throws UnfitResultException {
        Object value = pointer.in(element);
        if (value == null) {
            return new JsonArray();
        }
        if (!(value instanceof JsonArray array)) {
            throw UnfitResultException.at(where(base, pointer), "an array", value);
        }
        return array;
    }
}
