package org.varde.connectors.sink;

import java.util.List;
import java.util.stream.Collectors;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;

/** A result in plain words, as every sink states it: what a radiologist reads first. */
public final class ResultWording {
    private ResultWording() {
    }

    public static String conclusion(AlgorithmResult result) {
        return conclusion(result, HumanReview.none());
    }

    /** The conclusion, opened by who stands behind it (nobody, a reviewer, a release on timeout). */
    public static String conclusion(AlgorithmResult result, HumanReview review) {
        String who = result.reportedName() + " " + result.reportedVersion();
        List<Finding> present = result.presentFindings();
        String what = switch (result.status()) {
            case POSITIVE -> present.isEmpty() ? "positive" : present.stream()
                    .map(f -> f.code().meaning() + f.probability().map(p -> String.format(java.util.Locale.ROOT, " (probability %.2f)", p)).orElse(""))
                    .collect(Collectors.joining("; "));
            case NEGATIVE -> "no finding";
            case INCONCLUSIVE -> "inconclusive";
            case FAILED -> "the algorithm could not process the study";
        };
        return review.statement() + " " + who + ": " + what + ".";
    }
}
