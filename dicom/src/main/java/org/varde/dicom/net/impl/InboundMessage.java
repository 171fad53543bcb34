package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A request whose command has arrived and whose data set (if any) is streaming in on one
 * presentation context; ends with the reply to send. Reading waits for each {@link #write}.
 */
interface InboundMessage {
    int contextId();

    Future<Void> write(Buffer fragment);

    /** The last fragment arrived (or none was announced): the reply to send. Never fails. */
    Future<Reply> finish();

    /** The association ended before the data set was complete. */
    void abort(Throwable cause);
}
