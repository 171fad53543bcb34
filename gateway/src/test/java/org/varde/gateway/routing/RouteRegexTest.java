package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route regexes come from config and meet values from peers: matching is linear in the value, the
 * value is bounded, and a pattern whose compiled program would be huge is refused at config time.
 */
class RouteRegexTest {
    // java.util.regex needs about 2^n steps for (a+)+$ on n a's and a mismatch: minutes at n = 30,
    // never at 10 000. The deadline is generous for a loaded machine; RE2/J takes milliseconds.
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void catastrophicBacktrackingPatternOnALongValueAnswersFast() throws Exception {
        Condition condition = ConditionReader.read("match",
                RoutingFixtures.yaml("{attribute: StudyDescription, regex: \"(a+)+$\"}"));
        StudyFacts hostile = StudyFactsBuilder.study()
                .with("StudyDescription", "a".repeat(Condition.Regex.MAX_INPUT_CHARS - 1) + "!").build();

        boolean passed = assertTimeoutPreemptively(DEADLINE, () -> condition.test(hostile, new Explanation()));

        assertFalse(passed);
    }

    @Test
    void valueLongerThanTheBoundIsNotMatched() throws Exception {
        Condition condition = ConditionReader.read("match",
                RoutingFixtures.yaml("{attribute: StudyDescription, regex: \"(?i)thorax\"}"));
        StudyFacts fits = StudyFactsBuilder.study().with("StudyDescription",
                "x".repeat(Condition.Regex.MAX_INPUT_CHARS - 6) + "Thorax").build();
        StudyFacts tooLong = StudyFactsBuilder.study().with("StudyDescription",
                "x".repeat(Condition.Regex.MAX_INPUT_CHARS) + "Thorax").build();

        assertTrue(condition.test(fits, new Explanation()));
        assertFalse(condition.test(tooLong, new Explanation()));
    }

    @Test
    void javaOnlySyntaxIsRefusedNamingTheKey() {
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> ConditionReader.read("match",
                RoutingFixtures.yaml("{attribute: StudyDescription, regex: \"(?=thorax)\"}")));

        assertTrue(e.getMessage().contains("match.regex"), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid RE2 regular expression"), e.getMessage());
    }

    @Test
    void nestedCountedRepetitionIsRefusedBeforeItIsCompiled() {
        // compiled, this would be a billion instructions: the heap is gone before RE2/J returns
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> ConditionReader.read("match",
                RoutingFixtures.yaml("{attribute: StudyDescription, regex: \"((a{1000}){1000}){1000}\"}")));

        assertTrue(e.getMessage().contains("multiply to 1000000000"), e.getMessage());
    }

    @Test
    void repetitionNestsAreMultipliedAlongOneNestingOnly() {
        assertEquals(1, RouteRegex.nestedRepeat("(?i)thorax.*1[.,]0"));
        assertEquals(500, RouteRegex.nestedRepeat("(a{500})(b{500})"));
        assertEquals(1200, RouteRegex.nestedRepeat("(a{2,3}x){400}"));
        assertEquals(6, RouteRegex.nestedRepeat("((ab){2}c){3}d"));
        // escaped braces and braces in a class are not repetitions
        assertEquals(1, RouteRegex.nestedRepeat("\\{1000\\}[{}0-9]"));
    }

    @Test
    void exampleRoutesStillCompile() {
        for (String pattern : new String[]{"(?i)thorax|chest|lunge|lung", "(?i)thorax.*1[.,]0",
                "(?i)angio|ctpa|embol", "(?i)barne|paediatric|children"}) {
            assertTrue(RouteRegex.compile(pattern).programSize() > 0);
        }
    }
}
