package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of {@code routes.yaml}, in file order. Loaded against a catalogue, so a route never
 * names an algorithm the gateway does not know.
 */
public record RouteSet(List<Route> routes) {

    public RouteSet {
        routes = List.copyOf(routes);
    }

    public static RouteSet load(Path file, AlgorithmCatalogue catalogue) throws RoutingConfigException {
        return load(file, catalogue, java.util.Set.of());
    }

    /** @param outputs the main config's output names, the only ones a route's {@code outputs:} may list */
    public static RouteSet load(Path file, AlgorithmCatalogue catalogue, java.util.Set<String> outputs)
            throws RoutingConfigException {
        return fromTree(YamlMapping.readFile(file), catalogue, outputs);
    }

    /** From a parsed tree whose top level has the key {@code routes} (a list). */
    public static RouteSet fromTree(JsonNode root, AlgorithmCatalogue catalogue) throws RoutingConfigException {
        return fromTree(root, catalogue, java.util.Set.of());
    }

    public static RouteSet fromTree(JsonNode root, AlgorithmCatalogue catalogue, java.util.Set<String> outputs)
            throws RoutingConfigException {
        YamlMapping top = YamlMapping.of("", root);
        List<JsonNode> items = top.list("routes");
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "routes[" + i + "]";
            Route route = Route.read(YamlMapping.of(path, items.get(i)), catalogue, outputs);
            Integer earlier = firstIndex.putIfAbsent(route.name(), i);
            if (earlier != null) {
                throw new RoutingConfigException(path + ".name",
                        "duplicate route name \"" + route.name() + "\" (already used by routes[" + earlier + "])");
            }
            routes.add(route);
        }
        top.refuseUnknownKeys();
        return new RouteSet(routes);
    }
}
