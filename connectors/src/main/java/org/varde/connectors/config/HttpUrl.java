package org.varde.connectors.config;

import java.net.URI;
import java.net.URISyntaxException;

/** The base URL of a web protocol's endpoint: http or https, with a host. */
public final class HttpUrl {
    private HttpUrl() {
    }

    public static URI read(ConfigBlock block, String key) throws ConfigBlockException {
        String text = block.requiredText(key);
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw block.problem(key, "not a valid URL: " + e.getReason());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw block.problem(key, "must be an http:// or https:// URL with a host, was \"" + text + "\"");
        }
        return url;
    }
}
