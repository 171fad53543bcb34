package org.varde.connectors.algorithm.rest.mapping;

import io.vertx.core.json.pointer.JsonPointer;

/**
 * One JSON Pointer (RFC 6901) of a result mapping, checked when the catalogue is read: empty (the
 * whole document) or {@code /}-separated reference tokens in which {@code ~} is only ever followed by
 * {@code 0} or {@code 1} (RFC 6901 section 3). Evaluated with Vert.x's {@link JsonPointer}.
 */
final class Pointer {
    private final String text;
    private final JsonPointer pointer;

    private Pointer(String text, JsonPointer pointer) {
        this.text = text;
        this.pointer = pointer;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    static Pointer parse(String text) {
        if (!text.isEmpty() && text.charAt(0) != '/') {
            throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer (RFC 6901): it must be empty"
                    + " or start with /");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '~' && (i + 1 == text.length() || "01".indexOf(text.charAt(i + 1)) < 0)) {
                throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer (RFC 6901): ~ must be"
                        + " followed by 0 or 1");
            }
        }
        try {
            return new Pointer(text, JsonPointer.from(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer (RFC 6901): " + e.getMessage());
        }
    }

    /** The value at this pointer in {@code json} (a JsonObject or JsonArray), or null when nothing is there. */
    Object in(Object json) {
        return pointer.queryJson(json);
    }

    /** The pointer as written, for messages: where a value was looked for. */
    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
