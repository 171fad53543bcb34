package org.varde.gateway.ingest;

import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

/**
 * Told of every instance once it is in the spool and the journal, before the C-STORE is answered
 * (the study assembler: a study must be durably assembling before its sender hears success, or a
 * crash in between would leave an instance no completion timer waits for). Called on the worker
 * thread that journaled the instance, in the same task, so it may block (JDBC) and costs no thread
 * hand-over; an exception answers A700.
 */
@FunctionalInterface
public interface InstanceJournaledListener {
    InstanceJournaledListener NONE = instance -> { };

    void journaled(InstanceRecord instance) throws Exception;

    /**
     * The part of {@link #journaled} that can be written in the journal's own transaction (the study
     * arrival), so that an instance costs one commit and the row never exists without it; the
     * returned step runs after the commit instead of {@link #journaled}. Null (the default) when the
     * listener has no such part.
     */
    default Journal.SameTransaction<AfterCommit> inJournalTransaction() {
        return null;
    }

    /** What a listener does once the journal's transaction committed; on the storing worker, may block. */
    @FunctionalInterface
    interface AfterCommit {
        void run() throws Exception;
    }
}
