package org.varde.gateway.cli;

import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.nio.file.Path;

/** Where a command finds the catalogue and routes: given explicitly, or beside the gateway config. */
final class RoutingFiles {
    static final String ALGORITHMS = "algorithms.yaml";
    static final String ROUTES = "routes.yaml";

    private RoutingFiles() {
    }

    static RoutingConfig load(Path config, Path algorithms, Path routes) throws RoutingConfigException {
        Path folder = config.toAbsolutePath().getParent();
        return RoutingConfig.load(algorithms != null ? algorithms : folder.resolve(ALGORITHMS),
                routes != null ? routes : folder.resolve(ROUTES));
    }
}
