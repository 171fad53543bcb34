package org.varde.gateway.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one of the web UI's browser walks ({@code src/test/ui/*.test.mjs}, on walk.mjs) with node against
 * a running gateway and fails unless every check in it passed; screenshots go to target/ui-screenshots.
 */
final class BrowserWalk {
    private static final Path UI_TESTS = Path.of("src/test/ui");
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private BrowserWalk() {
    }

    /** @return what the walk printed (one "ok NAME" per check) */
    static String run(String script, Map<String, String> env) throws Exception {
        assertTrue(Files.isDirectory(UI_TESTS.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: run scripts/install-test-deps.sh (npm ci in gateway/src/test/ui)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed: run scripts/install-test-deps.sh");
        Map<String, String> all = new HashMap<>(env);
        all.put("VARDE_OUT", Files.createDirectories(SCREENSHOTS).toAbsolutePath().toString());
        ProcessBuilder node = new ProcessBuilder("node", script).directory(UI_TESTS.toFile()).redirectErrorStream(true);
        node.environment().putAll(all);
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the browser test did not end");
        System.out.println(output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("all ") && output.contains(" checks passed") && !output.contains("FAIL "), output);
        return output;
    }

    /** Each named screenshot was saved with more than minBytes in it (a blank page is smaller). */
    static void screenshotsSaved(long minBytes, String... pages) throws Exception {
        for (String page : pages) {
            assertTrue(Files.size(SCREENSHOTS.resolve(page + ".png")) > minBytes, "screenshot of " + page);
        }
    }
}
