package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.ResultStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A result in plain words, one finding a line, for the summary image. */
final class SummaryText {
    static final String WARNING = "AI result, not verified by a radiologist";

    private SummaryText() {
    }

    static String verdict(ResultStatus status, int present) {
        return switch (status) {
            case POSITIVE -> "Result: POSITIVE, " + present + (present == 1 ? " finding" : " findings");
            case NEGATIVE -> "Result: NEGATIVE, nothing found of what the algorithm looks for";
            case INCONCLUSIVE -> "Result: INCONCLUSIVE, the algorithm could not decide";
            case FAILED -> "Result: FAILED, the algorithm could not process the study";
        };
    }

    static List<String> findings(AlgorithmResult result) {
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (Finding f : result.findings()) {
            n++;
            lines.add(n + ". " + finding(f));
        }
        return lines;
    }

    static String finding(Finding f) {
        StringBuilder line = new StringBuilder(f.code().meaning());
        line.append(switch (f.presence()) {
            case PRESENT -> ": present";
            case ABSENT -> ": absent";
            case UNCERTAIN -> ": uncertain";
        });
        f.bodySite().ifPresent(site -> line.append(", ").append(site.meaning().toLowerCase(Locale.ROOT)));
        for (Measurement m : f.measurements()) {
            line.append(", ").append(m.concept().meaning().toLowerCase(Locale.ROOT)).append(' ')
                    .append(m.value().stripTrailingZeros().toPlainString()).append(' ').append(unit(m.ucumUnit()));
        }
        f.probability().ifPresent(p -> line.append(", probability ")
                .append(BigDecimal.valueOf(p * 100).setScale(0, RoundingMode.HALF_UP).toPlainString()).append(" %"));
        if (!f.references().isEmpty()) {
            line.append(" (").append(f.references().size()).append(f.references().size() == 1 ? " image)" : " images)");
        }
        return line.toString();
    }

    /** UCUM's annotations and powers in the form a reader expects. */
    private static String unit(String ucum) {
        return switch (ucum) {
            case "mm2" -> "mm²";
            case "mm3" -> "mm³";
            case "cm2" -> "cm²";
            case "cm3" -> "cm³";
            case "[hnsf'U]" -> "HU";
            case "1" -> "";
            default -> ucum;
        };
    }
}
