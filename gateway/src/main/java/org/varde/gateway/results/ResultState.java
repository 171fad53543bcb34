package org.varde.gateway.results;

/** What Varde does with a recorded result. */
public enum ResultState {
    /** The reported algorithm version is the approved one: the result may be delivered. */
    RECEIVED,
    /**
     * The vendor reported another algorithm version than the catalogue's approved one: kept, shown
     * in the API, counted, never delivered (a clinical result must come from the certified version).
     */
    QUARANTINED
}
