package org.varde.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps every study and series inside the intended use of the product it would go to, whatever a
 * route says. It fails safe: a value the intended use limits but the header does not give
 * (an unknown age, a missing view position) refuses, and the reason says so. A research product
 * runs only in shadow mode, where nothing it says reaches the worklist.
 */
public final class IntendedUseGuard {
    private static final String FAIL_SAFE = "; refused to be safe";

    public GuardVerdict check(StudyFacts study, List<SeriesFacts> offered, Algorithm algorithm, RouteMode mode,
                              Explanation explanation) {
        explanation.stage(Reason.Stage.GUARD);
        boolean allowed = regulatoryStatus(study, algorithm, mode, explanation);
        allowed &= age(study, algorithm.intendedUse(), explanation);
        List<SeriesFacts> fitting = new ArrayList<>();
        for (SeriesFacts series : offered) {
            if (seriesFits(series.within(study), algorithm.intendedUse(), explanation)) {
                fitting.add(series);
            }
        }
        String fitted = fitting.isEmpty() ? "none of " + offered.size() + " offered"
                : fitting.size() + " of " + offered.size() + ": "
                + fitting.stream().map(SeriesFacts::label).collect(Collectors.joining(", "));
        allowed &= explanation.add(study, "series within the intended use of " + algorithm.id(), !fitting.isEmpty(), fitted);
        return new GuardVerdict(allowed, allowed ? fitting : List.of());
    }

    private static boolean regulatoryStatus(StudyFacts study, Algorithm algorithm, RouteMode mode, Explanation explanation) {
        if (algorithm.research()) {
            return explanation.add(study, "regulatory status research: shadow mode only",
                    mode != RouteMode.CLINICAL, "route mode " + mode.word());
        }
        return explanation.add(study, "regulatory status ce-marked", true,
                "class " + algorithm.ceClass().word() + ", certificate " + algorithm.certificateId());
    }

    private static boolean age(StudyFacts study, IntendedUse use, Explanation explanation) {
        if (!use.ageLimited()) {
            return true;
        }
        String check = "PatientAge " + use.ageYears().describe();
        Optional<PatientAge> age = study.age();
        if (age.isEmpty()) {
            return explanation.add(study, check, false,
                    "age unknown: no usable PatientAge, nor PatientBirthDate with StudyDate" + FAIL_SAFE);
        }
        return explanation.add(study, check, use.ageYears().contains(age.get().years()), age.get().describe());
    }

    /** Every limit is checked and recorded, so the explanation shows all that is wrong with a series. */
    private static boolean seriesFits(Facts series, IntendedUse use, Explanation explanation) {
        boolean fits = oneOf(series, "Modality", use.modalities(), explanation);
        fits &= oneOf(series, "BodyPartExamined", use.bodyParts(), explanation);
        fits &= oneOf(series, "ViewPosition", use.viewPositions(), explanation);
        fits &= oneOf(series, SeriesFacts.SOP_CLASS_UID, use.sopClasses(), explanation);
        if (use.sliceThicknessMm() != null) {
            fits &= sliceThickness(series, use.sliceThicknessMm(), explanation);
        }
        return fits;
    }

    /** Every value the series has must be allowed; a series mixing SOP classes is only as good as its worst. */
    private static boolean oneOf(Facts series, String keyword, List<String> allowed, Explanation explanation) {
        if (allowed.isEmpty()) {
            return true;
        }
        List<String> values = series.values(keyword);
        String check = keyword + " in [" + String.join(", ", allowed) + "]";
        if (values.isEmpty()) {
            return explanation.add(series, check, false, "absent" + FAIL_SAFE);
        }
        boolean passed = values.stream().allMatch(v -> containsIgnoringCase(allowed, v));
        return explanation.add(series, check, passed, String.join("\\", values));
    }

    private static boolean sliceThickness(Facts series, NumericRange range, Explanation explanation) {
        List<String> values = series.values("SliceThickness");
        String check = "SliceThickness " + range.describe() + " mm";
        if (values.isEmpty()) {
            return explanation.add(series, check, false, "absent" + FAIL_SAFE);
        }
        boolean passed = values.stream().allMatch(v -> inRange(v, range));
        return explanation.add(series, check, passed, String.join("\\", values));
    }

    private static boolean inRange(String value, NumericRange range) {
        try {
            return range.contains(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean containsIgnoringCase(List<String> allowed, String value) {
        String wanted = value.toUpperCase(Locale.ROOT);
        return allowed.stream().anyMatch(a -> a.toUpperCase(Locale.ROOT).equals(wanted));
    }
}
