package org.varde.gateway.config;

/**
 * The {@code dispatch} section.
 *
 * @param callingAeTitle our AE title when we send studies to DICOM algorithm endpoints
 * @param resultsAeTitle the called AE title vendors send their results to (Varde's DICOM listener
 *                       answers to it beside its own); a result also arrives on the listener's own AE
 *                       title when the vendor calls with the AE title the catalogue gives it
 */
public record DispatchSettings(String callingAeTitle, String resultsAeTitle) {
    public static final String DEFAULT_RESULTS_AE_TITLE = "VARDE_RESULTS";
    public static final DispatchSettings DEFAULTS = new DispatchSettings("VARDE", DEFAULT_RESULTS_AE_TITLE);
}
