package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a condition tree. A combinator is a mapping with one key, {@code all}, {@code any} (lists)
 * or {@code not} (a condition); a leaf names an {@code attribute} and exactly one operator:
 * {@code equals}, {@code in}, {@code regex}, {@code range} ({@code min}/{@code max}) or {@code exists}.
 */
final class ConditionReader {
    private static final Set<String> COMBINATORS = Set.of("all", "any", "not");
    private static final Set<String> OPERATORS = Set.of("equals", "in", "regex", "range", "exists");
    // a DICOM keyword (PS3.6) or one of ours (CallingAE): letters and digits, starting with a letter
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private ConditionReader() {
    }

    static Condition read(String path, JsonNode node) throws RoutingConfigException {
        YamlMapping yaml = YamlMapping.of(path, node);
        List<String> keys = yaml.keys();
        List<String> combinators = keys.stream().filter(COMBINATORS::contains).toList();
        if (combinators.size() > 1 || combinators.size() == 1 && keys.size() > 1) {
            throw new RoutingConfigException(path, "a combinator (all, any, not) must be the only key of its mapping, found " + keys);
        }
        return combinators.isEmpty() ? leaf(yaml) : combinator(yaml, combinators.get(0));
    }

    private static Condition combinator(YamlMapping yaml, String kind) throws RoutingConfigException {
        if ("not".equals(kind)) {
            return new Condition.Not(read(yaml.keyPath("not"), yaml.raw("not")));
        }
        List<JsonNode> items = yaml.list(kind);
        List<Condition> children = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            children.add(read(yaml.keyPath(kind) + "[" + i + "]", items.get(i)));
        }
        return "all".equals(kind) ? new Condition.All(children) : new Condition.Any(children);
    }

    private static Condition leaf(YamlMapping yaml) throws RoutingConfigException {
        String attribute = yaml.requiredText("attribute");
        if (!KEYWORD.matcher(attribute).matches()) {
            throw new RoutingConfigException(yaml.keyPath("attribute"), "must be a DICOM keyword such as Modality, was \"" + attribute + "\"");
        }
        List<String> operators = yaml.keys().stream().filter(OPERATORS::contains).toList();
        if (operators.size() != 1) {
            throw new RoutingConfigException(yaml.path(),
                    "needs exactly one operator of equals, in, regex, range, exists; found " + (operators.isEmpty() ? "none" : operators));
        }
        Condition condition = operator(yaml, attribute, operators.get(0));
        yaml.refuseUnknownKeys();
        return condition;
    }

    private static Condition operator(YamlMapping yaml, String attribute, String operator) throws RoutingConfigException {
        return switch (operator) {
            case "equals" -> new Condition.Equals(attribute, yaml.requiredText("equals"));
            case "in" -> new Condition.In(attribute, nonEmpty(yaml, "in"));
            case "regex" -> new Condition.Regex(attribute, pattern(yaml));
            case "range" -> new Condition.Range(attribute, range(yaml.mapping("range")));
            default -> new Condition.Exists(attribute, yaml.bool("exists", true));
        };
    }

    private static List<String> nonEmpty(YamlMapping yaml, String key) throws RoutingConfigException {
        List<String> values = yaml.texts(key);
        if (values.isEmpty()) {
            throw new RoutingConfigException(yaml.keyPath(key), "must be a non-empty list of values");
        }
        return values;
    }

    /** RE2 syntax (Go's): what Java adds (look-around, back-references) is refused with the parser's words. */
    private static Pattern pattern(YamlMapping yaml) throws RoutingConfigException {
        try {
            return RouteRegex.compile(yaml.requiredText("regex"));
        } catch (IllegalArgumentException e) {
            throw new RoutingConfigException(yaml.keyPath("regex"), e.getMessage());
        }
    }

    private static NumericRange range(YamlMapping yaml) throws RoutingConfigException {
        Double min = yaml.optionalNumber("min", Double.NEGATIVE_INFINITY);
        Double max = yaml.optionalNumber("max", Double.NEGATIVE_INFINITY);
        yaml.refuseUnknownKeys();
        if (min == null && max == null) {
            throw new RoutingConfigException(yaml.path(), "needs min, max or both");
        }
        if (min != null && max != null && min > max) {
            throw new RoutingConfigException(yaml.keyPath("max"), "must be >= min (" + NumericRange.format(min) + ")");
        }
        return new NumericRange(min, max);
    }
}
