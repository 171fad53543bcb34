package org.varde.gateway.orchestration;

import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.util.List;
import java.util.Set;
import org.varde.gateway.config.GatewayConfig;

/** Loads the routing a {@code routing} section names; none configured is an empty catalogue and no routes. */
public final class RoutingFiles {
    private RoutingFiles() {
    }

    public static RoutingConfig load(RoutingSettings settings) throws RoutingConfigException {
        return load(settings, Set.of());
    }

    /** @param outputs the names in the main config's {@code outputs:}: the only ones entries and routes may list */
    public static RoutingConfig load(RoutingSettings settings, Set<String> outputs) throws RoutingConfigException {
        if (!settings.configured()) {
            return empty();
        }
        return RoutingConfig.load(settings.algorithms(), settings.routes(), outputs);
    }

    /** The routing of a whole config: its files, checked against its outputs. */
    public static RoutingConfig load(GatewayConfig config) throws RoutingConfigException {
        return load(config.routing(), config.outputs().names());
    }

    public static RoutingConfig empty() {
        return new RoutingConfig(AlgorithmCatalogue.empty(), new RouteSet(List.of()));
    }
}
