package org.varde.gateway.dispatch;

import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.gateway.routing.Algorithm;

/** Builds an adapter's request from a catalogue entry and a job: the one place routing meets connectors. */
final class DispatchRequests {
    private DispatchRequests() {
    }

    /** @throws IllegalArgumentException when the job selects no instances */
    static DispatchRequest of(Algorithm algorithm, DispatchJob job) {
        return new DispatchRequest(job.idempotencyKey(), algorithm.id(), job.studyInstanceUid(), job.instances(),
                algorithm.endpoint(), algorithm.timeout(), job.callback());
    }
}
