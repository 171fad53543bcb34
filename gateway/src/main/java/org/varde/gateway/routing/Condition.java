package org.varde.gateway.routing;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Optional;

/**
 * A condition of a route over header attributes, the calling AE and the institution. Every
 * condition records itself in the explanation, passed or failed, with the value it saw; the
 * combinators evaluate all their children (no short cut) so an explanation is complete.
 */
public sealed interface Condition {

    boolean test(Facts facts, Explanation explanation);

    /** The check as a reason names it: {@code Modality equals CT}. */
    String describe();

    /** Passes when any value of the attribute equals {@code value} exactly (use {@code regex} for case-insensitive). */
    record Equals(String attribute, String value) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            return explanation.add(facts, describe(), values.contains(value), shown(values));
        }

        @Override
        public String describe() {
            return attribute + " equals " + value;
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
            return explanation.add(facts, describe(), passed, shown(actual));
        }

        @Override
        public String describe() {
            return attribute + " in [" + String.join(", ", values) + "]";
        }
    }

    /**
     * Passes when the pattern is found in any value of the attribute ({@link com.google.re2j.Matcher#find()}).
     * The pattern comes from config and the value from a peer: RE2/J matches in time linear in the
     * value (no backtracking, so {@code (a+)+$} cannot stall routing), and a value longer than
     * {@link #MAX_INPUT_CHARS} is not matched at all, so the cost of one check is bounded.
     */
    record Regex(String attribute, Pattern pattern) implements Condition {
        /** PS3.5 6.2: LT, the longest text VR with a fixed limit, holds 10240 characters. */
        public static final int MAX_INPUT_CHARS = 10_240;

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            boolean passed = values.stream().anyMatch(v -> v.length() <= MAX_INPUT_CHARS && pattern.matcher(v).find());
            return explanation.add(facts, describe(), passed, shown(values));
        }

        @Override
        public String describe() {
            return attribute + " matches /" + pattern.pattern() + "/";
        }
    }

    /**
     * Passes when any value of the attribute is a number within the range. {@code PatientAge} is
     * compared in years, read from the AS value or from the birth and study dates.
     */
    record Range(String attribute, NumericRange range) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            String check = describe();
            if ("PatientAge".equals(attribute)) {
                Optional<PatientAge> age = facts.age();
                return explanation.add(facts, check, age.isPresent() && range.contains(age.get().years()),
                        age.map(PatientAge::describe).orElse("age unknown"));
            }
            List<String> values = facts.values(attribute);
            boolean passed = values.stream().anyMatch(v -> number(v).filter(range::contains).isPresent());
            return explanation.add(facts, check, passed, shown(values));
        }

        @Override
        public String describe() {
            return attribute + " " + range.describe();
        }
    }

    /** Passes when the attribute has a value ({@code present}) or has none ({@code !present}). */
    record Exists(String attribute, boolean present) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            List<String> values = facts.values(attribute);
            return explanation.add(facts, describe(), values.isEmpty() != present, shown(values));
        }

        @Override
        public String describe() {
            return attribute + (present ? " exists" : " is absent");
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            long passed = countPassed(conditions, facts, explanation);
            return explanation.add(facts, describe(), passed == conditions.size(), passed + " passed");
        }

        @Override
        public String describe() {
            return "all of " + conditions.size();
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Facts facts, Explanation explanation) {
            long passed = countPassed(conditions, facts, explanation);
            return explanation.add(facts, describe(), passed > 0, passed + " passed");
        }

        @Override
        public String describe() {
            return "any of " + conditions.size();
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Facts facts, Explanation explanation) {
            boolean inner = condition.test(facts, explanation);
            // the value the inner check saw, so "why" reads: not (BodyPartExamined in [CHEST]): failed (CHEST)
            return explanation.add(facts, describe(), !inner, explanation.lastActual());
        }

        @Override
        public String describe() {
            return "not (" + condition.describe() + ")";
        }
    }

    /** Evaluates every child, none skipped, so the explanation lists them all. */
    private static long countPassed(List<Condition> conditions, Facts facts, Explanation explanation) {
        long passed = 0;
        for (Condition condition : conditions) {
            passed += condition.test(facts, explanation) ? 1 : 0;
        }
        return passed;
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
