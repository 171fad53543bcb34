package org.varde.connectors.algorithm;

import java.util.Objects;

/**
 * How a vendor tells Varde that a job's result is ready (a webhook), for protocols whose endpoint
 * {@link AlgorithmEndpoint#wantsResultCallback() wants one}: the job it is about and the secret the
 * vendor must present when it calls back. The secret is made for this one dispatch attempt and Varde
 * keeps only its hash.
 */
public record ResultCallback(String jobId, String secret) {
    public ResultCallback {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ResultCallback[" + jobId + "]"; // never the secret: records print their components
    }
}
