package org.varde.gateway.worklist;

/**
 * The matching keys of a Filtered Worklist Subscription (PS3.4 CC.2.3.3.1): the same two Varde's
 * Search matches on. A null key matches anything.
 */
public record SubscriptionFilter(ProcedureStepState stateOrNull, String studyOrNull) {
    public static final SubscriptionFilter ANY = new SubscriptionFilter(null, null);

    public boolean matches(Workitem w) {
        return (stateOrNull == null || stateOrNull == w.state())
                && (studyOrNull == null || studyOrNull.equals(w.studyInstanceUid()));
    }
}
