package org.varde.gateway.cli;

import org.varde.gateway.routing.Reason;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.SeriesFacts;
import org.varde.gateway.routing.StudyFacts;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Routing decisions as text for a terminal: one block per (route, algorithm), one line per reason. */
final class DecisionText {
    private DecisionText() {
    }

    static void print(StudyFacts study, List<RoutingDecision> decisions, PrintStream out) {
        // UIDs, modality and counts only: a terminal may be shared, so no patient identity is printed
        out.printf("study %s: %s, %d series, %d instances%n", study.studyInstanceUid(),
                String.join("/", study.values("Modality")), study.series().size(),
                study.series().stream().mapToInt(SeriesFacts::instanceCount).sum());
        if (decisions.isEmpty()) {
            out.println("  no routes configured");
        }
        for (RoutingDecision d : decisions) {
            out.printf("  route %s -> %s [%s]: %s%s%n", d.route(), d.algorithm(), d.mode().word(), d.outcome(),
                    d.send() ? " " + d.selectedSeries().size() + " series"
                            : d.decidingFailure().map(r -> " (" + r.text() + ")").orElse(""));
            for (Reason r : d.reasons()) {
                out.printf("    %-4s %-13s %s%n", r.passed() ? "ok" : "FAIL",
                        r.stage().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.text());
            }
        }
        out.println();
    }
}
