package org.varde.gateway.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A condition of a route over header attributes, the calling AE and the institution. Every
 * condition records itself in the explanation, passed or failed, with the value it saw; the
 * combinators evaluate all their children (no short cut) so an explanation is complete.
 */
public sealed interface Condition {

    boolean test(Facts facts, Explanation explanation);

    /** Passes when any value of the attribute equals {@code value} exactly (use {@code regex} for case-insensitive). */
    record Equals(String attribute, String value) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            return explanation.add(facts, attribute + " equals " + value, values.contains(value), shown(values));
        }
    }

    /** Passes when any value of the attribute is one of {@code values}. */
    record In(String attribute, List<String> values) implements Condition {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> actual = facts.values(attribute);
            boolean passed = actual.stream().anyMatch(values::contains);
            return explanation.add(facts, attribute + " in [" + String.join(", ", values) + "]", passed, shown(actual));
        }
    }

    /** Passes when the pattern is found in any value of the attribute ({@link java.util.regex.Matcher#find()}). */
    record Regex(String attribute, Pattern pattern) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            boolean passed = values.stream().anyMatch(v -> pattern.matcher(v).find());
            return explanation.add(facts, attribute + " matches /" + pattern.pattern() + "/", passed, shown(values));
        }
    }

    /**
     * Passes when any value of the attribute is a number within the range. {@code PatientAge} is
     * compared in years, read from the AS value or from the birth and study dates.
     */
    record Range(String attribute, NumericRange range) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            String check = attribute + " " + range.describe();
            if ("PatientAge".equals(attribute)) {
                Optional<PatientAge> age = facts.age();
                return explanation.add(facts, check, age.isPresent() && range.contains(age.get().years()),
                        age.map(PatientAge::describe).orElse("age unknown"));
            }
            List<String> values = facts.values(attribute);
            boolean passed = values.stream().anyMatch(v -> number(v).filter(range::contains).isPresent());
            return explanation.add(facts, check, passed, shown(values));
        }
    }

    /** Passes when the attribute has a value ({@code present}) or has none ({@code !present}). */
    record Exists(String attribute, boolean present) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            String check = attribute + (present ? " exists" : " is absent");
            return explanation.add(facts, check, values.isEmpty() != present, shown(values));
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            long passed = conditions.stream().filter(c -> c.test(facts, explanation)).count();
            return explanation.add(facts, "all of " + conditions.size(), passed == conditions.size(), passed + " passed");
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            long passed = conditions.stream().filter(c -> c.test(facts, explanation)).count();
            return explanation.add(facts, "any of " + conditions.size(), passed > 0, passed + " passed");
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            boolean inner = condition.test(facts, explanation);
            return explanation.add(facts, "not", !inner, "inner " + (inner ? "passed" : "failed"));
        }
    }

    private static String shown(List<String> values) {
        return values.isEmpty() ? "absent" : String.join("\\", values);
    }

    // PS3.5 6.2 DS/IS: decimal or integer strings, possibly padded
    private static Optional<Double> number(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
