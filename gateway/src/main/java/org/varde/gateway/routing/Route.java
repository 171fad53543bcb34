package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One route: which studies it takes ({@code match}; null takes every study), which of their
 * series it sends ({@code seriesFilter}; null sends every series), to which algorithms, in which mode.
 */
public record Route(String name, Condition match, Condition seriesFilter, List<String> algorithms,
                    RouteMode mode, CompletionSettings completion, List<String> outputs, ReviewPolicy review) {

    public Route {
        algorithms = List.copyOf(algorithms);
        outputs = List.copyOf(outputs);
        java.util.Objects.requireNonNull(review, "review");
    }

    /** A route that asks for no review of its own (its algorithms' policies apply). */
    public Route(String name, Condition match, Condition seriesFilter, List<String> algorithms, RouteMode mode,
                 CompletionSettings completion, List<String> outputs) {
        this(name, match, seriesFilter, algorithms, mode, completion, outputs, ReviewPolicy.NONE);
    }

    /** A route that feeds its algorithms' own outputs. */
    public Route(String name, Condition match, Condition seriesFilter, List<String> algorithms, RouteMode mode,
                 CompletionSettings completion) {
        this(name, match, seriesFilter, algorithms, mode, completion, List.of());
    }

    /**
     * Where a result of {@code algorithm} on this route goes: the route's own {@code outputs:} when it
     * lists any, otherwise the algorithm's.
     */
    public List<String> outputsFor(Algorithm algorithm) {
        return outputs.isEmpty() ? algorithm.outputs().outputs() : outputs;
    }

    /**
     * Whether a result of {@code algorithm} on this route waits for a reviewer (issue 12): the route's
     * own {@code review: required} with its terms, otherwise the algorithm's.
     */
    public ReviewPolicy reviewFor(Algorithm algorithm) {
        return review.or(algorithm.outputs().review());
    }

    static Route read(YamlMapping yaml, AlgorithmCatalogue catalogue, java.util.Set<String> knownOutputs)
            throws RoutingConfigException {
        String name = yaml.requiredText("name");
        Condition match = optionalCondition(yaml, "match");
        Condition seriesFilter = optionalCondition(yaml, "series");
        List<String> algorithms = yaml.texts("algorithms");
        if (algorithms.isEmpty()) {
            throw new RoutingConfigException(yaml.keyPath("algorithms"), "is required: list the algorithm ids this route feeds");
        }
        for (int i = 0; i < algorithms.size(); i++) {
            if (!catalogue.contains(algorithms.get(i))) {
                throw new RoutingConfigException(yaml.keyPath("algorithms") + "[" + i + "]",
                        "unknown algorithm \"" + algorithms.get(i) + "\" (not in the catalogue)");
            }
        }
        RouteMode mode = mode(yaml);
        CompletionSettings completion = yaml.has("completion")
                ? CompletionSettings.read(yaml.mapping("completion")) : CompletionSettings.DEFAULTS;
        List<String> outputs = AlgorithmOutputs.names(yaml, knownOutputs);
        ReviewPolicy review = ReviewPolicy.read(yaml);
        yaml.refuseUnknownKeys();
        return new Route(name, match, seriesFilter, algorithms, mode, completion, outputs, review);
    }

    /** No default: a route must say on purpose that it writes to the clinical worklist. */
    private static RouteMode mode(YamlMapping yaml) throws RoutingConfigException {
        JsonNode node = yaml.raw("mode");
        if (node != null && node.isBoolean() && !node.asBoolean()) {
            // YAML 1.1 (SnakeYAML) reads a bare `off` as the boolean false; it means the mode off
            return RouteMode.OFF;
        }
        return ConfigWord.parse(RouteMode.class, yaml.keyPath("mode"), yaml.requiredText("mode"));
    }

    private static Condition optionalCondition(YamlMapping yaml, String key) throws RoutingConfigException {
        JsonNode node = yaml.raw(key);
        return node == null ? null : ConditionReader.read(yaml.keyPath(key), node);
    }
}
