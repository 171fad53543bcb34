package org.varde.dicom.deident;

/** What happens to dates and times (PS3.15 E.3.6). */
public enum DateHandling {
    /**
     * Retain Longitudinal Temporal Information with Modified Dates Option: every date shifted by the
     * same whole number of days for one patient, so intervals between studies survive; times kept.
     */
    SHIFT,
    /** The Basic Profile: dates and times removed, emptied or replaced by a dummy, as the table says. */
    REMOVE
}
