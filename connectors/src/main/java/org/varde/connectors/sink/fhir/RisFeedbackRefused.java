package org.varde.connectors.sink.fhir;

import java.util.List;

/**
 * Why a resource the RIS sent is not taken as feedback, as the FHIR answer says it: the HTTP status
 * (R4 3.1.0.4.1: 400 unparseable, 422 against the rules or a profile) and the OperationOutcome issue
 * type (R4 issue-type value set), with one diagnostic per problem.
 */
public final class RisFeedbackRefused extends Exception {
    private final int status;
    private final String issueType;
    private final List<String> diagnostics;

    public RisFeedbackRefused(int status, String issueType, List<String> diagnostics) {
        super(String.join("; ", diagnostics));
        this.status = status;
        this.issueType = issueType;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public RisFeedbackRefused(int status, String issueType, String diagnostic) {
        this(status, issueType, List.of(diagnostic));
    }

    public int status() {
        return status;
    }

    /** The OperationOutcome that says it. */
    public String outcome() {
        return OperationOutcomes.error(issueType, diagnostics);
    }
}
