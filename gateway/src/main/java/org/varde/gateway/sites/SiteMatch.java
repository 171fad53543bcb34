package org.varde.gateway.sites;

/**
 * The site a study was given at arrival, and what decided it: the calling AE title wins over the
 * Institution Name (a modality's AE title is configured by the hospital; the institution name is
 * typed into each device and drifts), and a study matching neither is {@link Sites#UNASSIGNED}.
 */
public record SiteMatch(String site, By by) {

    public enum By {
        CALLING_AE_TITLE, INSTITUTION_NAME, NONE
    }
}
