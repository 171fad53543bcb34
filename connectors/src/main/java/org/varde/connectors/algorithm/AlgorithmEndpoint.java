package org.varde.connectors.algorithm;

import java.util.Map;

/**
 * Where one vendor's algorithm is reached, in the terms its protocol needs (a DICOM AE, a DICOMweb or
 * REST base URL). Each protocol defines its own type and reads it from the catalogue
 * ({@link AlgorithmProtocol#readEndpoint}); its adapter accepts that type and refuses the others.
 */
public interface AlgorithmEndpoint {
    /** The protocol's name in the catalogue ({@code dicom}, {@code dicomweb}, ...): its registry key. */
    String protocol();

    /** For logs: where the data goes, never what it is about. */
    String describe();

    /** The endpoint's settings as the catalogue spells them (for the API), protocol first; no secrets. */
    Map<String, Object> settings();

    /**
     * Whether the vendor calls Varde back when its result is ready (a webhook): then the gateway makes
     * a {@link ResultCallback} for each dispatch attempt. False for protocols whose results come some
     * other way (DICOM C-STORE to the results AE, polling).
     */
    default boolean wantsResultCallback() {
        return false;
    }
}
