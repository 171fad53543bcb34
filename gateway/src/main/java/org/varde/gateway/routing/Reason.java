package org.varde.gateway.routing;

/**
 * One check the router made, with its result and the value it saw:
 * {@code Modality equals CT: passed (CT)}, {@code series 4: SliceThickness <= 2.5: failed (5)}.
 */
public record Reason(Stage stage, String scope, String check, boolean passed, String actual) {

    /** Which part of the decision made the check. */
    public enum Stage {
        /** the route's match conditions */
        MATCH,
        /** the route's series filter */
        SERIES_FILTER,
        /** the intended-use guard */
        GUARD,
        /** the route's mode */
        MODE
    }

    public String text() {
        String where = "study".equals(scope) ? "" : scope + ": ";
        return where + check + ": " + (passed ? "passed" : "failed") + " (" + actual + ")";
    }

    @Override
    public String toString() {
        return text();
    }
}
