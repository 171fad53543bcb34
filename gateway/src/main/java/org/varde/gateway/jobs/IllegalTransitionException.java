package org.varde.gateway.jobs;

/** A state change that the job state machine does not have, e.g. DONE → DISPATCHING. */
public final class IllegalTransitionException extends IllegalStateException {
    private final JobState from;
    private final JobState to;

    public IllegalTransitionException(JobState from, JobState to) {
        super("a job cannot move from " + from + " to " + to + " (allowed from " + from + ": " + from.next() + ")");
        this.from = from;
        this.to = to;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }
}
