package org.varde.gateway.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/docker-compose.yml and what it mounts, checked without a Docker engine (there is none in
 * CI): Varde's config there loads, Prometheus's config passes promtool with the rule file it names,
 * and every file or folder the compose file mounts exists in the repository.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern MOUNT = Pattern.compile("^\\s*-\\s+(\\.{1,2}/[^:]+):");

    @TempDir
    Path tmp;

    @Test
    void theComposeVardeConfigLoads() throws Exception {
        GatewayConfig config = ConfigLoader.load(DEPLOY.resolve("compose/varde.yaml"));
        assertEquals("0.0.0.0", config.http().bind());
        assertEquals(8080, config.http().port());
    }

    @Test
    void theComposePrometheusConfigPassesPromtoolWithTheAlertRules() throws Exception {
        String text = Files.readString(DEPLOY.resolve("compose/prometheus.yml"));
        assertTrue(text.contains("/etc/prometheus/varde-alerts.yml"), text);
        Path copy = Files.writeString(tmp.resolve("prometheus.yml"), text.replace("/etc/prometheus/varde-alerts.yml",
                DEPLOY.resolve("prometheus/varde-alerts.yml").toAbsolutePath().normalize().toString()));
        Processes.Result checked = Processes.run(List.of("promtool", "check", "config", copy.toString()), tmp);
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("20 rules found"), checked.output());
    }

    @Test
    void everyPathTheComposeFileMountsExists() throws Exception {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("docker-compose.yml"))) {
            Matcher m = MOUNT.matcher(line);
            if (m.find()) {
                mounts.add(m.group(1));
            }
        }
        assertTrue(mounts.size() >= 6, "mounts found: " + mounts);
        for (String mount : mounts) {
            assertTrue(Files.exists(DEPLOY.resolve(mount)), "docker-compose.yml mounts " + mount + ", which is missing");
        }
        assertTrue(Files.exists(DEPLOY.resolve("Dockerfile")));
    }
}
