package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing one route's mode back to the routes file: one line changed, everything else as written, or refused. */
class RouteModeEditTest {
    private static final Path EXAMPLES = Path.of("..", "config");

    @TempDir
    Path dir;

    private Path copyOfExample() throws Exception {
        return Files.copy(EXAMPLES.resolve("routes.yaml"), dir.resolve("routes.yaml"));
    }

    @Test
    void theExampleRoutesFileChangesInOneLineOnlyAndStillLoads() throws Exception {
        Path routes = copyOfExample();
        String before = Files.readString(routes);

        String returned = RouteModeEdit.apply(EXAMPLES.resolve("algorithms.yaml"), routes, "ct-thorax-nodules", RouteMode.SHADOW);

        String after = Files.readString(routes);
        assertEquals(before, returned, "the old text comes back for an undo");
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        assertEquals(a.length, b.length);
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                changed++;
                assertEquals("    mode: clinical", a[i]);
                assertEquals("    mode: shadow", b[i]);
            }
        }
        assertEquals(1, changed, "comments, order and every other line stay as written");
        RoutingConfig loaded = RoutingConfig.load(EXAMPLES.resolve("algorithms.yaml"), routes);
        assertEquals(RouteMode.SHADOW, loaded.routes().routes().stream()
                .filter(r -> r.name().equals("ct-thorax-nodules")).findFirst().orElseThrow().mode());
    }

    @Test
    void aRouteWithoutAModeLineGetsOneAndANestedModeIsNotTakenForIt() throws Exception {
        String text = """
                routes:
                  - match: {attribute: Modality, equals: CT}
                    name: ct
                    algorithms: [lung-nodules]
                    completion:
                      mode: nested-not-the-routes
                  - name: other
                    algorithms: [lung-nodules]
                    mode: shadow
                """;
        String edited = RouteModeEdit.edit(text, "ct", RouteMode.OFF);
        assertTrue(edited.contains("    name: ct\n    mode: off\n    algorithms: [lung-nodules]\n"), edited);
        assertTrue(edited.contains("      mode: nested-not-the-routes\n"), edited);
        assertTrue(edited.contains("  - name: other\n    algorithms: [lung-nodules]\n    mode: shadow\n"), edited);
        String other = RouteModeEdit.edit(text, "other", RouteMode.CLINICAL);
        assertTrue(other.endsWith("    mode: clinical\n"), other);
        assertEquals(text.replace("mode: shadow", "mode: clinical"), other);
    }

    @Test
    void whatTheEditCannotBeSureOfIsRefusedAndTheFileIsUntouched() throws Exception {
        String flow = "routes:\n  - {name: ct, algorithms: [lung-nodules], mode: clinical}\n";
        assertThrows(RouteModeEdit.RefusedException.class, () -> RouteModeEdit.edit(flow, "ct", RouteMode.OFF));
        String twice = "routes:\n  - name: ct\n    mode: clinical\n  - name: ct\n    mode: off\n";
        RouteModeEdit.RefusedException e = assertThrows(RouteModeEdit.RefusedException.class,
                () -> RouteModeEdit.edit(twice, "ct", RouteMode.SHADOW));
        assertTrue(e.getMessage().contains("two routes"), e.getMessage());

        Path routes = copyOfExample();
        String before = Files.readString(routes);
        assertThrows(RouteModeEdit.RefusedException.class, () -> RouteModeEdit.apply(EXAMPLES.resolve("algorithms.yaml"),
                routes, "no-such-route", RouteMode.OFF));
        assertEquals(before, Files.readString(routes));
    }
}
