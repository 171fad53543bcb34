package org.varde.gateway.jobs;

/**
 * A node acted on a job it no longer holds: another node took it after the lease expired, or the
 * job is no longer in the state the node believed. The node must stop working on the job; whatever
 * it did outside the store is repeated safely by the new owner under the same idempotency key.
 */
public final class LeaseLostException extends RuntimeException {
    private final String jobId;

    public LeaseLostException(String jobId, String message) {
        super("job " + jobId + ": " + message);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
