package org.varde.connectors.sink.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;

/** FHIR R4 OperationOutcome answers in JSON: what a FHIR client reads when a request is refused. */
public final class OperationOutcomes {
    private OperationOutcomes() {
    }

    /**
     * @param issueType an R4 issue-type code ({@code invalid}, {@code not-found}, {@code login},
     *                  {@code forbidden}, {@code not-supported} …)
     */
    public static String error(String issueType, List<String> diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        for (String diagnostic : diagnostics) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.fromCode(issueType)).setDiagnostics(diagnostic);
        }
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome);
    }

    public static String error(String issueType, String diagnostic) {
        return error(issueType, List.of(diagnostic));
    }
}
