package org.varde.connectors.algorithm.rest;

/**
 * Where a vendor says its job stands, from a status document or a webhook's body.
 *
 * @param state     pending (still working), done (the result can be fetched) or failed
 * @param resultUrl where the result is, when the document names it; null otherwise
 * @param error     the vendor's own words when it failed; null otherwise
 */
public record VendorStatus(State state, String resultUrl, String error) {
    public enum State { PENDING, DONE, FAILED }
}
