package org.varde.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.sites.SiteMatch;
import org.varde.gateway.sites.Sites;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code sites:} block: read, matched by calling AE title before Institution Name, validated at load. */
class SitesConfigTest {
    @TempDir
    Path dir;

    private static final String TWO_SITES = """
            sites:
              - name: nordby
                callingAeTitles: [CT_NORD, MR_NORD]
                institutionNames: ["Nordby sjukehus"]
              - name: sorvik
                institutionNames: ["Sørvik Hospital"]
            """;

    @Test
    void sitesAreReadAndAStudyGetsItsSiteByAeTitleThenInstitution() throws Exception {
        Sites sites = ConfigLoader.parse(TWO_SITES, dir).sites();
        assertEquals(List.of("nordby", "sorvik"), sites.all().stream().map(s -> s.name()).toList());
        assertEquals(new SiteMatch("nordby", SiteMatch.By.CALLING_AE_TITLE), sites.match("CT_NORD ", "Sørvik Hospital"),
                "the AE title decides first, trailing spaces are not significant (PS3.5 6.2)");
        assertEquals(new SiteMatch("sorvik", SiteMatch.By.INSTITUTION_NAME), sites.match("OTHER", " sørvik   HOSPITAL"),
                "institution names ignore case and runs of spaces");
        assertEquals(new SiteMatch(Sites.UNASSIGNED, SiteMatch.By.NONE), sites.match("OTHER", "Elsewhere"));
        assertEquals(new SiteMatch(Sites.UNASSIGNED, SiteMatch.By.NONE), sites.match(null, null));
        assertTrue(sites.knows("unassigned") && sites.knows("sorvik") && !sites.knows("nowhere"));
    }

    @Test
    void withoutASitesBlockEveryStudyIsUnassigned() throws Exception {
        Sites sites = ConfigLoader.parse("", dir).sites();
        assertEquals(Sites.NONE, sites);
        assertEquals(Sites.UNASSIGNED, sites.match("CT_NORD", "Nordby sjukehus").site());
    }

    @Test
    void invalidSitesAreRefusedNamingTheKey() {
        assertKey("sites[1].callingAeTitles[0]", """
                sites:
                  - {name: a, callingAeTitles: [CT1]}
                  - {name: b, callingAeTitles: [CT1]}
                """, "already belongs to site \"a\"");
        assertKey("sites[1].institutionNames[0]", """
                sites:
                  - {name: a, institutionNames: ["St Olav"]}
                  - {name: b, institutionNames: ["st  olav"]}
                """, "already belongs to site \"a\"");
        assertKey("sites[1].name", """
                sites:
                  - {name: a, callingAeTitles: [CT1]}
                  - {name: a, callingAeTitles: [CT2]}
                """, "listed twice");
        assertKey("sites[0].name", "sites:\n  - {name: Nord By, callingAeTitles: [CT1]}\n", "must be 1..64");
        assertKey("sites[0].name", "sites:\n  - {name: unassigned, callingAeTitles: [CT1]}\n", "unassigned");
        assertKey("sites[0].name", "sites:\n  - {callingAeTitles: [CT1]}\n", "is required");
        assertKey("sites[0].callingAeTitles", "sites:\n  - {name: a}\n", "no study could belong");
        assertKey("sites[0].callingAeTitles[0]", "sites:\n  - {name: a, callingAeTitles: [THIS_IS_TOO_LONG_AE]}\n",
                "1..16");
        assertKey("sites[0].institutionName", "sites:\n  - {name: a, institutionName: [X]}\n", "unknown key");
        assertKey("sites", "sites: {name: a}\n", "must be a list");
    }

    private void assertKey(String key, String yaml, String words) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir), yaml);
        assertTrue(e.getMessage().startsWith(key + ":") || e.getMessage().contains(key + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
