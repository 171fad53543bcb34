package org.varde.gateway.assembly;

/** What decided that a study (one generation of it) was complete; the first trigger to fire wins. */
public enum CompletionTrigger {
    /** No instance of the study arrived for its idle timeout. */
    IDLE,
    /** The modality's MPPS was set COMPLETED and its referenced instances arrived (or the grace ran out). */
    MPPS_COMPLETED,
    /** The modality's MPPS was set DISCONTINUED: the acquisition stopped, what arrived is the study. */
    MPPS_DISCONTINUED,
    /** The route's expected series (for example the thin axial reconstruction) arrived. */
    EXPECTED_SERIES,
    /** Someone asked for it ({@code POST /api/studies/{uid}/complete}). */
    API
}
