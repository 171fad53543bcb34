package org.varde.gateway.jobs;

/**
 * Told of every move a job store made, after it committed: the audit log and the usage ledger keep
 * their own rows from these. Called on the thread that moved the job (a worker: it may block on
 * JDBC); it must not throw into the store's caller, whose move already happened.
 */
@FunctionalInterface
public interface JobMoves {
    JobMoves NONE = (after, from, actor, detail) -> { };

    /**
     * @param after  the job as it is now
     * @param from   the state it left
     * @param actor  who moved it: a node id, a stage on a node, or an API caller's description
     * @param detail the event's words (may be null)
     */
    void moved(Job after, JobState from, String actor, String detail);
}
