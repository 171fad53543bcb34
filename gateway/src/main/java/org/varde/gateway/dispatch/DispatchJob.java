package org.varde.gateway.dispatch;

import org.varde.connectors.algorithm.ResultCallback;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the job store hands the dispatcher for one (study, algorithm) job.
 *
 * @param idempotencyKey   the job's key; the same for every attempt of the job
 * @param studyInstanceUid the study
 * @param instances        spool files of the instances the route selected
 * @param callback         the vendor's way to call back when the result is ready, or null
 */
public record DispatchJob(String idempotencyKey, String studyInstanceUid, List<Path> instances,
                          ResultCallback callback) {
    /** A job whose result comes back without a callback. */
    public DispatchJob(String idempotencyKey, String studyInstanceUid, List<Path> instances) {
        this(idempotencyKey, studyInstanceUid, instances, null);
    }

    public DispatchJob {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        instances = List.copyOf(instances);
    }
}
