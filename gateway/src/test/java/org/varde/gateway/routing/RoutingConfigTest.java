package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Catalogue and routes load as one; an error names the file and the key. */
class RoutingConfigTest {

    @Test
    void exampleFilesLoadAndDecide() throws Exception {
        Path config = RoutingFixtures.configFolder();
        RoutingConfig routing = RoutingConfig.load(config.resolve("algorithms.yaml"), config.resolve("routes.yaml"));

        assertEquals(routing.routes().routes().stream().mapToInt(r -> r.algorithms().size()).sum(),
                routing.decide(StudyFactsBuilder.wrist("030Y").build()).size());
    }

    @Test
    void routeNamingAnUnknownAlgorithmIsRefusedNamingFileAndKey(@TempDir Path dir) throws Exception {
        Path algorithms = Files.writeString(dir.resolve("algorithms.yaml"), "algorithms:\n" + RoutingFixtures.CXR_ADULT);
        Path routes = Files.writeString(dir.resolve("routes.yaml"), "routes:\n  - {name: a, algorithms: [nope], mode: shadow}\n");

        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> RoutingConfig.load(algorithms, routes));

        assertEquals("routes.yaml: routes[0].algorithms[0]: unknown algorithm \"nope\" (not in the catalogue)", e.getMessage());
        assertEquals("routes[0].algorithms[0]", e.keyPath());
    }
}
