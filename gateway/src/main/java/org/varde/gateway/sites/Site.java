package org.varde.gateway.sites;

import java.util.List;

/**
 * One hospital of a health trust served by this gateway, and how its studies are known: the
 * calling AE titles of its modalities and PACS, and the Institution Name (0008,0080) its devices
 * write. The name is what figures, usage rows and audit events carry.
 */
public record Site(String name, List<String> callingAeTitles, List<String> institutionNames) {

    public Site {
        callingAeTitles = List.copyOf(callingAeTitles);
        institutionNames = List.copyOf(institutionNames);
    }
}
