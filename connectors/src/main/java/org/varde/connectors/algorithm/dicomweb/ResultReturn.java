package org.varde.connectors.algorithm.dicomweb;

/**
 * How a DICOMweb vendor's result comes back: it pushes it to Varde's own STOW-RS endpoint
 * ({@code POST /dicomweb/studies}), or Varde polls the vendor with QIDO-RS and fetches it with WADO-RS.
 */
public enum ResultReturn {
    PUSH, POLL;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
