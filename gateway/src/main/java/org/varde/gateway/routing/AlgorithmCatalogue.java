package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import org.varde.connectors.AlgorithmProtocols;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The products a hospital has bought, each with its certificate and intended use, read from
 * {@code algorithms.yaml}. Immutable: a reload builds a new catalogue and swaps it in whole.
 */
public final class AlgorithmCatalogue {
    private final Map<String, Algorithm> byId;

    private AlgorithmCatalogue(Map<String, Algorithm> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** No products: a gateway without a {@code routing} section (a catalogue file must list at least one). */
    public static AlgorithmCatalogue empty() {
        return new AlgorithmCatalogue(new LinkedHashMap<>());
    }

    /** Relative file paths in it (an endpoint's {@code tls:} files) resolve against the file's folder. */
    public static AlgorithmCatalogue load(Path file) throws RoutingConfigException {
        return load(file, Set.of());
    }

    /** @param outputs the main config's output names, the only ones an entry's {@code outputs:} may list */
    public static AlgorithmCatalogue load(Path file, Set<String> outputs) throws RoutingConfigException {
        return fromTree(YamlMapping.readFile(file), AlgorithmProtocols.standard(),
                file.toAbsolutePath().getParent(), outputs);
    }

    /** From a parsed tree whose top level has the key {@code algorithms} (a list). */
    public static AlgorithmCatalogue fromTree(JsonNode root) throws RoutingConfigException {
        return fromTree(root, AlgorithmProtocols.standard());
    }

    /** From a parsed tree, with endpoints read by {@code protocols}. */
    public static AlgorithmCatalogue fromTree(JsonNode root, AlgorithmProtocols protocols) throws RoutingConfigException {
        return fromTree(root, protocols, Path.of("").toAbsolutePath(), Set.of());
    }

    /** From a parsed tree whose entries may name {@code outputs}. */
    public static AlgorithmCatalogue fromTree(JsonNode root, Set<String> outputs) throws RoutingConfigException {
        return fromTree(root, AlgorithmProtocols.standard(), Path.of("").toAbsolutePath(), outputs);
    }

    private static AlgorithmCatalogue fromTree(JsonNode root, AlgorithmProtocols protocols, Path baseDir,
                                               Set<String> outputs) throws RoutingConfigException {
        YamlMapping top = YamlMapping.of("", root, baseDir);
        List<JsonNode> items = top.list("algorithms");
        Map<String, Algorithm> byId = new LinkedHashMap<>();
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "algorithms[" + i + "]";
            Algorithm algorithm = Algorithm.read(YamlMapping.of(path, items.get(i), baseDir), protocols, outputs);
            Integer earlier = firstIndex.putIfAbsent(algorithm.id(), i);
            if (earlier != null) {
                throw new RoutingConfigException(path + ".id",
                        "duplicate id \"" + algorithm.id() + "\" (already used by algorithms[" + earlier + "])");
            }
            byId.put(algorithm.id(), algorithm);
        }
        top.refuseUnknownKeys();
        return new AlgorithmCatalogue(byId);
    }

    public Optional<Algorithm> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** All products, in file order. */
    public List<Algorithm> algorithms() {
        return List.copyOf(new ArrayList<>(byId.values()));
    }
}
