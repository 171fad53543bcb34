package org.varde.gateway.config;

import java.util.List;

/**
 * The {@code http} section.
 *
 * @param apiTokens bearer tokens accepted on {@code /api/**}; none means the API refuses everyone
 */
public record HttpSettings(String bind, int port, List<String> apiTokens) {
    public HttpSettings {
        apiTokens = List.copyOf(apiTokens);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(bind, newPort, apiTokens);
    }
}
