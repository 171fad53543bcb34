package org.varde.connectors.algorithm.rest;

/** The keys of a REST dispatch receipt's vendor handle, as the results stage keeps them. */
public final class VendorHandle {
    /** Where the job's status can be asked (poll). */
    public static final String STATUS_URL = "statusUrl";
    /** Where the result will be, when the vendor said so in its answer. */
    public static final String RESULT_URL = "resultUrl";
    /** "true" when the vendor answered that the job is done already (a resend it recognised). */
    public static final String READY = "ready";
    /** Seconds until the status URL is first asked ({@link RestEndpoint#statusCheckInterval()}). */
    public static final String CHECK_AFTER_SECONDS = "checkAfterSeconds";

    private VendorHandle() {
    }
}
