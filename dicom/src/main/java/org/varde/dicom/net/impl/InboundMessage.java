package org.varde.dicom.net.impl;

import io.vertx.core.Future;

/**
 * A request whose command has arrived and whose data set (if any) is streaming in on one
 * presentation context; ends with the reply to send. Reading waits for each {@link #write}.
 */
interface InboundMessage {
    int contextId();

    /** The next fragment, borrowed for this call: copied or retained if kept. */
    Future<Void> write(ReceivedFragment fragment);

    /** The last fragment arrived (or none was announced): the reply to send. Never fails. */
    Future<Reply> finish();

    /** The association ended before the data set was complete. */
    void abort(Throwable cause);
}
