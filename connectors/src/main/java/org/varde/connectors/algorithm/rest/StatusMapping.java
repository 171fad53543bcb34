package org.varde.connectors.algorithm.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a vendor's answers say how its job stands, as JSON Pointers (RFC 6901): the answer to the
 * job's POST ({@code statusUrl}, {@code resultUrl}) and the status document or webhook body
 * ({@code state}, {@code resultUrl}, {@code error}), with the vendor's words for done and failed.
 * Defaults fit a vendor that writes {@code {"statusUrl": ..., "state": "done", "resultUrl": ...}}.
 * <pre>
 * status: {statusUrl: /links/status, resultUrl: /links/result, state: /state, done: [done, completed],
 *          failed: [failed, error], error: /message}
 * </pre>
 */
public record StatusMapping(String statusUrlPointer, String resultUrlPointer, String statePointer,
                            Set<String> doneWords, Set<String> failedWords, String errorPointer) {
    public static final StatusMapping DEFAULT = new StatusMapping("/statusUrl", "/resultUrl", "/state",
            Set.of("done", "completed", "succeeded"), Set.of("failed", "error"), "/error");

    static StatusMapping read(ConfigBlock endpoint) throws ConfigBlockException {
        Map<String, Object> block = endpoint.plainMapping("status");
        if (block == null) {
            return DEFAULT;
        }
        String where = endpoint.keyPath("status");
        for (String key : block.keySet()) {
            if (!List.of("statusUrl", "resultUrl", "state", "done", "failed", "error").contains(key)) {
                throw new ConfigBlockException(where + "." + key, "unknown key");
            }
        }
        return new StatusMapping(pointer(block, where, "statusUrl", DEFAULT.statusUrlPointer),
                pointer(block, where, "resultUrl", DEFAULT.resultUrlPointer),
                pointer(block, where, "state", DEFAULT.statePointer),
                words(block, where, "done", DEFAULT.doneWords), words(block, where, "failed", DEFAULT.failedWords),
                pointer(block, where, "error", DEFAULT.errorPointer));
    }

    private static String pointer(Map<String, Object> block, String where, String key, String dflt)
            throws ConfigBlockException {
        Object value = block.get(key);
        if (value == null) {
            return dflt;
        }
        String text = value.toString();
        if (!text.startsWith("/") || text.matches(".*~([^01].*|$)")) {
            throw new ConfigBlockException(where + "." + key, "\"" + text + "\" is not a JSON Pointer (RFC 6901)");
        }
        return text;
    }

    private static Set<String> words(Map<String, Object> block, String where, String key, Set<String> dflt)
            throws ConfigBlockException {
        Object value = block.get(key);
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigBlockException(where + "." + key, "must be a list of the vendor's words");
        }
        return Set.copyOf(list.stream().map(o -> String.valueOf(o).toLowerCase(Locale.ROOT)).toList());
    }

    /** The job's status in a status document or webhook body; a state it does not know is pending. */
    public VendorStatus statusOf(JsonObject document) {
        Object state = JsonPointer.from(statePointer).queryJson(document);
        String word = state == null ? "" : state.toString().toLowerCase(Locale.ROOT);
        VendorStatus.State s = doneWords.contains(word) ? VendorStatus.State.DONE
                : failedWords.contains(word) ? VendorStatus.State.FAILED : VendorStatus.State.PENDING;
        return new VendorStatus(s, text(document, resultUrlPointer), text(document, errorPointer));
    }

    String statusUrlIn(JsonObject answer) {
        return text(answer, statusUrlPointer);
    }

    String resultUrlIn(JsonObject answer) {
        return text(answer, resultUrlPointer);
    }

    private static String text(JsonObject document, String pointer) {
        Object value = JsonPointer.from(pointer).queryJson(document);
        return value instanceof String s && !s.isBlank() ? s : value == null ? null : value.toString();
    }
}
