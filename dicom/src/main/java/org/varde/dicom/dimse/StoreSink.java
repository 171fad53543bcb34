package org.varde.dicom.dimse;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Receives the data set of one C-STORE as it streams in, fragment by fragment (the PDV payloads,
 * in order). The association does not read the next PDU from the socket until the future returned
 * by {@link #write} completes, so a slow disk slows the sender and memory stays flat.
 */
public interface StoreSink {
    /**
     * Takes the next data set fragment, a heap buffer the sink may keep (see {@link OwningStoreSink} for
     * the received bytes without the copy); a failed future ends the store with that failure's status.
     */
    Future<Void> write(Buffer fragment);

    /**
     * The last fragment has been written. The future's status is answered to the peer in the
     * C-STORE-RSP; a failure carrying a {@link DimseException} answers its status, any other
     * failure answers {@link Status#OUT_OF_RESOURCES}.
     */
    Future<Status> end();

    /** The association ended (abort, connection lost) before the data set was complete: discard it. */
    void abort(Throwable cause);
}
