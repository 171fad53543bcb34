package org.varde.gateway.worklist;

import java.net.URI;
import java.time.Instant;

/**
 * One UPS workitem as stored: a row of {@code workitems}. The Transaction UID is kept but never
 * shown (PS3.4 CC.2.1.3: it is the performer's proof of ownership).
 *
 * @param endedBy {@code performer} or {@code varde} once CANCELED, else null
 */
public record Workitem(String uid, String jobId, String idempotencyKey, String algorithmId, String studyInstanceUid,
                       ProcedureStepState state, String priority, URI retrieveBaseUrlOrNull, String transactionUid,
                       Instant createdAt, Instant startedAt, Instant finishedAt, Instant cancelRequestedAt,
                       String cancelReason, String endedBy, String finalReason, Instant appliedAt) {

    public static final String BY_PERFORMER = "performer";
    public static final String BY_VARDE = "varde";

    /** Whether Varde asked for its cancellation (PS3.4 CC.2.2) and it is still open. */
    public boolean cancelRequested() {
        return cancelRequestedAt != null && !state.isFinal();
    }
}
