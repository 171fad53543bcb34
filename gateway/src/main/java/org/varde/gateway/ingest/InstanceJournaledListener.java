package org.varde.gateway.ingest;

import org.varde.gateway.store.InstanceRecord;

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
}
