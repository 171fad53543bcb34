package org.varde.gateway.cli;

import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command finds the catalogue and routes: given explicitly, else the gateway config's
 * {@code routing} section (what {@code serve} would use), else {@code algorithms.yaml} and
 * {@code routes.yaml} beside the config file.
 */
final class RoutingSource {
    static final String ALGORITHMS = "algorithms.yaml";
    static final String ROUTES = "routes.yaml";

    private RoutingSource() {
    }

    static RoutingConfig load(Path config, Path algorithms, Path routes)
            throws RoutingConfigException, ConfigException {
        org.varde.gateway.config.GatewayConfig loaded = Files.isRegularFile(config) ? ConfigLoader.load(config) : null;
        RoutingSettings configured = loaded != null ? loaded.routing() : RoutingSettings.NONE;
        java.util.Set<String> outputs = loaded != null ? loaded.outputs().names() : java.util.Set.of();
        Path folder = config.toAbsolutePath().getParent();
        Path algorithmsFile = algorithms != null ? algorithms
                : configured.configured() ? configured.algorithms() : folder.resolve(ALGORITHMS);
        Path routesFile = routes != null ? routes
                : configured.configured() ? configured.routes() : folder.resolve(ROUTES);
        return RoutingConfig.load(algorithmsFile, routesFile, outputs);
    }
}
