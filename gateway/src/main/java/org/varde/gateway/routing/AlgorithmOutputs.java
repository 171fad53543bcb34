package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import org.varde.connectors.result.WorklistPriority;
import org.varde.gateway.priority.PriorityPolicy;
import org.varde.gateway.priority.PriorityRule;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an algorithm's results go and what they ask of the worklist: the catalogue entry's
 * {@code outputs:} (names of the main config's {@code outputs:} blocks) and {@code priority:} policy.
 * A route that lists its own {@code outputs:} overrides the list, never the policy.
 *
 * <pre>
 * outputs: [pacs, ris-fhir]
 * priority:
 *   rules:
 *     - {finding: "SCT:59282003", minProbability: 0.8, priority: stat}                     # pulmonary embolism
 *     - {finding: "SCT:27925004", measurement: "SCT:81827009", atLeast: 8, unit: mm, priority: urgent}
 *   otherwise: vendor        # a positive result no rule matches: the vendor's suggestion (or none)
 * </pre>
 */
public record AlgorithmOutputs(List<String> outputs, PriorityPolicy priority, ReviewPolicy review) {
    /** No outputs, the vendor's suggestion: an entry without either key. */
    public static final AlgorithmOutputs NONE = new AlgorithmOutputs(List.of(), PriorityPolicy.VENDOR);

    public AlgorithmOutputs {
        outputs = List.copyOf(outputs);
        java.util.Objects.requireNonNull(review, "review");
    }

    /** Outputs and policy, no review of the algorithm's own. */
    public AlgorithmOutputs(List<String> outputs, PriorityPolicy priority) {
        this(outputs, priority, ReviewPolicy.NONE);
    }

    static AlgorithmOutputs read(YamlMapping yaml, Set<String> known) throws RoutingConfigException {
        List<String> outputs = names(yaml, known);
        PriorityPolicy policy = yaml.has("priority") ? policy(yaml.mapping("priority")) : PriorityPolicy.VENDOR;
        // issue 12: review: required (and its terms) on the catalogue entry; a route may ask for it too
        return new AlgorithmOutputs(outputs, policy, ReviewPolicy.read(yaml));
    }

    /** An {@code outputs:} list whose every name is an output of the main config; absent is empty. */
    static List<String> names(YamlMapping yaml, Set<String> known) throws RoutingConfigException {
        List<String> names = yaml.texts("outputs");
        for (int i = 0; i < names.size(); i++) {
            if (!known.contains(names.get(i))) {
                throw new RoutingConfigException(yaml.keyPath("outputs") + "[" + i + "]", "unknown output \""
                        + names.get(i) + "\": the main config's outputs: block has "
                        + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())));
            }
        }
        return names;
    }

    private static PriorityPolicy policy(YamlMapping yaml) throws RoutingConfigException {
        List<PriorityRule> rules = new ArrayList<>();
        if (yaml.has("rules")) {
            List<JsonNode> items = yaml.list("rules");
            for (int i = 0; i < items.size(); i++) {
                rules.add(rule(YamlMapping.of(yaml.keyPath("rules") + "[" + i + "]", items.get(i))));
            }
        }
        String otherwise = yaml.optionalText("otherwise");
        boolean vendor;
        if (otherwise == null || otherwise.equals("vendor")) {
            vendor = true;
        } else if (otherwise.equals("none")) {
            vendor = false;
        } else {
            throw new RoutingConfigException(yaml.keyPath("otherwise"), "must be vendor (the vendor's suggested priority) "
                    + "or none (leave the worklist as it is), was \"" + otherwise + "\"");
        }
        yaml.refuseUnknownKeys();
        return new PriorityPolicy(rules, vendor);
    }

    private static PriorityRule rule(YamlMapping yaml) throws RoutingConfigException {
        String[] finding = code(yaml, "finding", yaml.requiredText("finding"));
        Double minProbability = yaml.optionalNumber("minProbability", 0);
        if (minProbability != null && minProbability > 1) {
            throw new RoutingConfigException(yaml.keyPath("minProbability"), "is a probability, 0..1; was " + minProbability);
        }
        String measurement = yaml.optionalText("measurement");
        Double atLeast = yaml.optionalNumber("atLeast", 0);
        String unit = yaml.optionalText("unit");
        if ((measurement == null) != (atLeast == null) || (atLeast == null) != (unit == null)) {
            throw new RoutingConfigException(yaml.keyPath("measurement"),
                    "a size rule needs measurement (scheme:code), atLeast and unit (UCUM) together");
        }
        if (measurement != null) {
            code(yaml, "measurement", measurement);
        }
        WorklistPriority priority = priority(yaml);
        yaml.refuseUnknownKeys();
        return new PriorityRule(finding[0], finding[1], Optional.ofNullable(minProbability), Optional.ofNullable(measurement),
                Optional.ofNullable(atLeast).map(BigDecimal::valueOf), Optional.ofNullable(unit), priority);
    }

    /** {@code SCT:59282003}: the coding scheme designator and the code value, as the vendor's SR carries them. */
    private static String[] code(YamlMapping yaml, String key, String text) throws RoutingConfigException {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            throw new RoutingConfigException(yaml.keyPath(key), "must be scheme:code, e.g. SCT:59282003, was \"" + text + "\"");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static WorklistPriority priority(YamlMapping yaml) throws RoutingConfigException {
        String word = yaml.requiredText("priority");
        try {
            return WorklistPriority.fromFhirCode(word);
        } catch (IllegalArgumentException e) {
            // FHIR R4 request-priority (http://hl7.org/fhir/request-priority): routine | urgent | asap | stat
            throw new RoutingConfigException(yaml.keyPath("priority"), "must be routine, urgent, asap or stat "
                    + "(FHIR request-priority), was \"" + word + "\"");
        }
    }
}
