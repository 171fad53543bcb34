package org.varde.gateway.jobs;

/** The job store's database failed; the caller retries later and keeps running. */
public class JobStoreException extends RuntimeException {
    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
