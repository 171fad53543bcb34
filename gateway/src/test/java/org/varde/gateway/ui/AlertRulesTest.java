package org.varde.gateway.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.testing.Processes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/prometheus/varde-alerts.yml against promtool: the rules are valid, and its unit tests
 * (varde-alerts.test.yml) pass, with every rule shown both firing and staying silent.
 */
class AlertRulesTest {
    static final Path RULES = Path.of("..", "deploy", "prometheus", "varde-alerts.yml");
    private static final Path TESTS = Path.of("..", "deploy", "prometheus", "varde-alerts.test.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        Processes.Result checked = Processes.run(List.of("promtool", "check", "rules", RULES.toString()), tmp);
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("SUCCESS: " + alertNames().size() + " rules found"), checked.output());
    }

    @Test
    void everyRuleFiresOnWhatShouldTriggerItAndOnNothingElse() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(TESTS.toFile()).path("tests")) {
            for (JsonNode at : test.path("alert_rule_test")) {
                (at.path("exp_alerts").isEmpty() ? silent : firing).add(at.path("alertname").asText());
            }
        }
        Set<String> rules = alertNames();
        assertTrue(rules.size() >= 20, "rules: " + rules);
        assertEquals(rules, firing, "rules without a test that fires them (or tests of no rule)");
        assertEquals(rules, silent, "rules without a test where they stay silent (or tests of no rule)");
        // promtool resolves rule_files against the test file's folder
        Processes.Result tested = Processes.run(List.of("promtool", "test", "rules", TESTS.toString()), tmp);
        assertEquals(0, tested.exitCode(), tested.output());
        assertTrue(tested.output().contains("SUCCESS"), tested.output());
    }

    static Set<String> alertNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("alert").asText());
            }
        }
        return names;
    }
}
