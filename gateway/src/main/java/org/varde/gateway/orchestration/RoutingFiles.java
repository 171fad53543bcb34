package org.varde.gateway.orchestration;

import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.util.List;

/** Loads the routing a {@code routing} section names; none configured is an empty catalogue and no routes. */
public final class RoutingFiles {
    private RoutingFiles() {
    }

    public static RoutingConfig load(RoutingSettings settings) throws RoutingConfigException {
        if (!settings.configured()) {
            return empty();
        }
        return RoutingConfig.load(settings.algorithms(), settings.routes());
    }

    public static RoutingConfig empty() {
        return new RoutingConfig(AlgorithmCatalogue.empty(), new RouteSet(List.of()));
    }
}
