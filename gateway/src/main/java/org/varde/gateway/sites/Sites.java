package org.varde.gateway.sites;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sites:} block, validated at load (ConfigLoader): which site a study belongs to, from
 * the first instance's calling AE title, else its Institution Name. Pure and immutable; a reload
 * swaps it whole, and a study keeps the site it was given when it arrived.
 */
public final class Sites {
    /** The site of a study that matches no configured site (and of every study when none is configured). */
    public static final String UNASSIGNED = "unassigned";
    public static final Sites NONE = new Sites(List.of());

    private final List<Site> sites;
    private final Map<String, String> byAeTitle = new HashMap<>();
    private final Map<String, String> byInstitution = new HashMap<>();

    /** @throws IllegalArgumentException when two sites claim the same AE title or institution (the loader names the key first) */
    public Sites(List<Site> sites) {
        this.sites = List.copyOf(sites);
        for (Site site : this.sites) {
            for (String ae : site.callingAeTitles()) {
                if (byAeTitle.put(ae.trim(), site.name()) != null) {
                    throw new IllegalArgumentException("calling AE title " + ae + " is listed by two sites");
                }
            }
            for (String institution : site.institutionNames()) {
                if (byInstitution.put(normalise(institution), site.name()) != null) {
                    throw new IllegalArgumentException("institution name " + institution + " is listed by two sites");
                }
            }
        }
    }

    public List<Site> all() {
        return sites;
    }

    /** Whether {@code name} is a configured site or {@link #UNASSIGNED}: a filter naming anything else is a typo. */
    public boolean knows(String name) {
        return UNASSIGNED.equals(name) || sites.stream().anyMatch(s -> s.name().equals(name));
    }

    /**
     * The site of a study from its first instance. AE titles compare exactly once trimmed (PS3.5 6.2:
     * leading and trailing spaces are not significant); institution names ignore case and runs of spaces.
     */
    public SiteMatch match(String callingAeTitle, String institutionName) {
        if (callingAeTitle != null) {
            String site = byAeTitle.get(callingAeTitle.trim());
            if (site != null) {
                return new SiteMatch(site, SiteMatch.By.CALLING_AE_TITLE);
            }
        }
        if (institutionName != null) {
            String site = byInstitution.get(normalise(institutionName));
            if (site != null) {
                return new SiteMatch(site, SiteMatch.By.INSTITUTION_NAME);
            }
        }
        return new SiteMatch(UNASSIGNED, SiteMatch.By.NONE);
    }

    /** How institution names compare: case and runs of spaces ignored. */
    public static String normalise(String institution) {
        return institution.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sites other && sites.equals(other.sites);
    }

    @Override
    public int hashCode() {
        return sites.hashCode();
    }

    @Override
    public String toString() {
        return "Sites" + sites;
    }
}
