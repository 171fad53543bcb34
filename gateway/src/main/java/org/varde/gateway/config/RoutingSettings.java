package org.varde.gateway.config;

import java.nio.file.Path;

/**
 * The {@code routing} section: the algorithm catalogue and the routes (formats in docs/routing.md).
 * Both null when the section is absent: the gateway then receives and assembles, and sends nothing.
 *
 * @param algorithms absolute; a relative value in the file is resolved against the config file's folder
 * @param routes     absolute, likewise
 */
public record RoutingSettings(Path algorithms, Path routes) {
    public static final RoutingSettings NONE = new RoutingSettings(null, null);

    public boolean configured() {
        return algorithms != null;
    }
}
