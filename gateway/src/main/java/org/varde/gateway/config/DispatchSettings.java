package org.varde.gateway.config;

/**
 * The {@code dispatch} section.
 *
 * @param callingAeTitle our AE title when we send studies to DICOM algorithm endpoints
 */
public record DispatchSettings(String callingAeTitle) {
    public static final DispatchSettings DEFAULTS = new DispatchSettings("VARDE");
}
