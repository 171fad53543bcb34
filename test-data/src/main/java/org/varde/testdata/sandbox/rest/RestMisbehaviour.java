package org.varde.testdata.sandbox.rest;

/** How the sandbox REST vendor departs from its contract, for the tests of each failure. */
public enum RestMisbehaviour {
    /** Behaves. */
    NONE,
    /** Finishes each job only after {@link SandboxRestVendor#slowBy the delay}. */
    SLOW,
    /** Takes each job and never finishes it. */
    HANG,
    /** Answers every job's POST with HTTP 500 and an error body. */
    HTTP_500,
    /** Serves a result that is not JSON. */
    GARBAGE,
    /** Serves the first half of its JSON result (with a Content-Length that matches the half). */
    TRUNCATED,
    /** Reports its result about another study. */
    WRONG_STUDY,
    /** Reports another algorithm version than the approved one. */
    OTHER_VERSION,
    /**
     * Takes the first POST of each job whole, then drops the connection without answering (its
     * answer lost on the way); a resend with the same Idempotency-Key gets the job it already has.
     */
    LOSE_FIRST_ANSWER
}
