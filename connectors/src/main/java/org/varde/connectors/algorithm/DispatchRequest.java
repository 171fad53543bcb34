package org.varde.connectors.algorithm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One hand-over of a study's selected instances to one algorithm.
 *
 * @param idempotencyKey    the job's key: the same key means the same (study, algorithm) job, so a
 *                          re-send after a crash or a retry is the same delivery, not a new one
 * @param algorithmId       the catalogue id, for logs and metrics
 * @param studyInstanceUid  the study the instances belong to
 * @param instances         spool files of the selected instances (DICOM Part 10), sent in this order
 * @param endpoint          where the vendor's algorithm listens
 * @param timeout           the whole call, from the first connect to the last acknowledgement
 * @param callback          how the vendor calls back when its result is ready, or null when the
 *                          endpoint wants no callback
 */
public record DispatchRequest(String idempotencyKey, String algorithmId, String studyInstanceUid,
                              List<Path> instances, AlgorithmEndpoint endpoint, Duration timeout,
                              ResultCallback callback) {
    /** A dispatch whose result comes back without a callback. */
    public DispatchRequest(String idempotencyKey, String algorithmId, String studyInstanceUid, List<Path> instances,
                           AlgorithmEndpoint endpoint, Duration timeout) {
        this(idempotencyKey, algorithmId, studyInstanceUid, instances, endpoint, timeout, null);
    }

    public DispatchRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(algorithmId, "algorithmId");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(timeout, "timeout");
        instances = List.copyOf(instances);
        // a job exists because the router selected something; an empty hand-over would "succeed" vacuously
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a dispatch needs at least one instance");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }
}
