package org.varde.gateway.jobs;

/** No job has this id (the API answers 404). */
public final class UnknownJobException extends RuntimeException {
    public UnknownJobException(String jobId) {
        super("no job " + jobId);
    }
}
