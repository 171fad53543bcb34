package org.varde.gateway.ingest;

import io.vertx.core.Future;
import org.varde.gateway.store.InstanceRecord;

/**
 * Told of every instance once it is in the spool and the journal, before the C-STORE is answered
 * (the study assembler: a study must be durably assembling before its sender hears success, or a
 * crash in between would leave an instance no completion timer waits for). A failure answers A700.
 */
@FunctionalInterface
public interface InstanceJournaledListener {
    InstanceJournaledListener NONE = instance -> Future.succeededFuture();

    Future<Void> journaled(InstanceRecord instance);
}
