package org.varde.connectors.algorithm.rest.mapping;

/**
 * A vendor's JSON that does not fit the algorithm's result mapping: a required value missing, a value
 * of the wrong type or outside what the result model allows. The message names the place in the
 * document (as a JSON Pointer) and what was found there, so the job's history tells the operator what
 * to tell the vendor.
 */
public final class UnfitResultException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN = 80;

    public UnfitResultException(String message) {
        super(message);
    }

    static UnfitResultException at(String where, String expected, Object found) {
        return new UnfitResultException(where + ": expected " + expected + ", found " + shown(found));
    }

    static String shown(Object value) {
        if (value == null) {
            return "nothing";
        }
        String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }
}
