package org.varde.gateway.routing;

import java.nio.file.Path;
import java.util.List;

/**
 * The catalogue and the routes that belong together, loaded and validated as one, with the router
 * that applies them. The gateway holds one of these and swaps it whole on a reload, so a decision
 * never sees routes of one version and a catalogue of another.
 */
public record RoutingConfig(AlgorithmCatalogue catalogue, RouteSet routes) {
    private static final Router ROUTER = new Router();

    /** Loads both files; the exception names the file and the key at fault. */
    public static RoutingConfig load(Path algorithmsFile, Path routesFile) throws RoutingConfigException {
        return load(algorithmsFile, routesFile, java.util.Set.of());
    }

    /** @param outputs the main config's output names: entries and routes naming another are refused */
    public static RoutingConfig load(Path algorithmsFile, Path routesFile, java.util.Set<String> outputs)
            throws RoutingConfigException {
        AlgorithmCatalogue catalogue = inFile(algorithmsFile, () -> AlgorithmCatalogue.load(algorithmsFile, outputs));
        RouteSet routes = inFile(routesFile, () -> RouteSet.load(routesFile, catalogue, outputs));
        return new RoutingConfig(catalogue, routes);
    }

    public List<RoutingDecision> decide(StudyFacts study) {
        return ROUTER.decide(study, routes, catalogue);
    }

    private interface Loader<T> {
        T load() throws RoutingConfigException;
    }

    private static <T> T inFile(Path file, Loader<T> loader) throws RoutingConfigException {
        try {
            return loader.load();
        } catch (RoutingConfigException e) {
            throw e.inFile(file);
        }
    }
}
