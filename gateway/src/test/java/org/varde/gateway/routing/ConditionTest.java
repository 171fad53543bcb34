package org.varde.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every operator and combinator, read from YAML as a route writes it, evaluated with its reasons. */
class ConditionTest {

    private static final StudyFacts CT = StudyFactsBuilder.ctThorax("067Y")
            .with("InstitutionName", "Fjellby sykehus")
            .build();

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("{attribute: Modality, equals: CT}", true, "Modality equals CT: passed (CT)"),
                Arguments.of("{attribute: Modality, equals: MR}", false, "Modality equals MR: failed (CT)"),
                // equals compares values, not the whole multi-valued string
                Arguments.of("{attribute: ImageType, equals: AXIAL}", true, "ImageType equals AXIAL: passed (ORIGINAL\\PRIMARY\\AXIAL)"),
                Arguments.of("{attribute: Modality, equals: ct}", false, "Modality equals ct: failed (CT)"),
                Arguments.of("{attribute: CallingAE, equals: CT_ROOM1}", true, "CallingAE equals CT_ROOM1: passed (CT_ROOM1)"),
                Arguments.of("{attribute: CallingAE, in: [DX_ROOM1, DX_ROOM2]}", false, "CallingAE in [DX_ROOM1, DX_ROOM2]: failed (CT_ROOM1)"),
                Arguments.of("{attribute: BodyPartExamined, in: [LUNG, CHEST]}", true, "BodyPartExamined in [LUNG, CHEST]: passed (CHEST)"),
                Arguments.of("{attribute: InstitutionName, regex: \"(?i)sykehus\"}", true,
                        "InstitutionName matches /(?i)sykehus/: passed (Fjellby sykehus)"),
                Arguments.of("{attribute: StudyDescription, regex: \"^MR\"}", false, "StudyDescription matches /^MR/: failed (CT Thorax)"),
                Arguments.of("{attribute: SeriesDescription, regex: \"thorax.*1\\\\.0\"}", false,
                        "SeriesDescription matches /thorax.*1\\.0/: failed (Thorax 1.0 B70f\\Thorax 5.0 Br40)"),
                Arguments.of("{attribute: PatientAge, range: {min: 18}}", true, "PatientAge >= 18: passed (67 years)"),
                Arguments.of("{attribute: PatientAge, range: {max: 65}}", false, "PatientAge <= 65: failed (67 years)"),
                Arguments.of("{attribute: SliceThickness, range: {min: 0.5, max: 1.5}}", true,
                        "SliceThickness in 0.5..1.5: passed (1.0\\5.0)"),
                Arguments.of("{attribute: StudyDescription, range: {min: 0}}", false, "StudyDescription >= 0: failed (CT Thorax)"),
                Arguments.of("{attribute: InstitutionName, exists: true}", true, "InstitutionName exists: passed (Fjellby sykehus)"),
                Arguments.of("{attribute: ViewPosition, exists: true}", false, "ViewPosition exists: failed (absent)"),
                Arguments.of("{attribute: ViewPosition, exists: false}", true, "ViewPosition is absent: passed (absent)"),
                Arguments.of("{all: [{attribute: Modality, equals: CT}, {attribute: Modality, equals: MR}]}", false, "all of 2: failed (1 passed)"),
                Arguments.of("{all: [{attribute: Modality, equals: CT}, {attribute: BodyPartExamined, equals: CHEST}]}", true,
                        "all of 2: passed (2 passed)"),
                Arguments.of("{any: [{attribute: Modality, equals: CT}, {attribute: Modality, equals: MR}]}", true, "any of 2: passed (1 passed)"),
                Arguments.of("{any: [{attribute: Modality, equals: DX}, {attribute: Modality, equals: MR}]}", false, "any of 2: failed (0 passed)"),
                Arguments.of("{not: {attribute: Modality, equals: MR}}", true, "not (Modality equals MR): passed (CT)"),
                Arguments.of("{not: {attribute: Modality, equals: CT}}", false, "not (Modality equals CT): failed (CT)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("conditions")
    void conditionPassesOrFailsAndSaysWhatItSaw(String yaml, boolean expected, String lastReason) throws Exception {
        Condition condition = ConditionReader.read("match", RoutingFixtures.yaml(yaml));
        Explanation explanation = new Explanation();

        boolean passed = condition.test(CT, explanation);

        assertEquals(expected, passed);
        List<Reason> reasons = explanation.reasons();
        assertEquals(lastReason, reasons.get(reasons.size() - 1).text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void combinatorsRecordEveryChildWithoutShortCut(String yaml, boolean expected, String lastReason) throws Exception {
        Condition condition = ConditionReader.read("match", RoutingFixtures.yaml(yaml));
        Explanation explanation = new Explanation();

        condition.test(CT, explanation);

        assertEquals(leaves(condition) + combinators(condition), explanation.reasons().size());
    }

    private static int leaves(Condition condition) {
        return children(condition).isEmpty() && !(condition instanceof Condition.Not) ? 1
                : children(condition).stream().mapToInt(ConditionTest::leaves).sum();
    }

    private static int combinators(Condition condition) {
        return children(condition).isEmpty() && !(condition instanceof Condition.Not) ? 0
                : 1 + children(condition).stream().mapToInt(ConditionTest::combinators).sum();
    }

    private static List<Condition> children(Condition condition) {
        if (condition instanceof Condition.All all) {
            return all.conditions();
        }
        if (condition instanceof Condition.Any any) {
            return any.conditions();
        }
        if (condition instanceof Condition.Not not) {
            return List.of(not.condition());
        }
        return List.of();
    }
}
