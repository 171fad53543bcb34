package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.pdu.AAssociateAC;

/**
 * An association we requested and the peer accepted: the C-ECHO and C-STORE SCU side. Like every
 * Vert.x connection it belongs to the context it was opened on: call it, and give it data set
 * streams, from that context ({@link StoreScu} does).
 */
public interface ClientAssociation {
    AAssociateAC acceptance();

    /** Whether a presentation context for this SOP class and transfer syntax was accepted. */
    boolean accepts(String sopClassUid, String transferSyntaxUid);

    Future<Status> echo();

    /**
     * Sends one C-STORE-RQ and streams the data set from {@code dataSet} (already encoded in
     * {@code transferSyntaxUid}), fragmented to the peer's maximum PDU length; the source is paused
     * while the socket's write queue is full. Completes with the C-STORE-RSP status.
     */
    Future<Status> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, ReadStream<Buffer> dataSet);

    Future<Void> release();

    void abort();

    boolean isOpen();
}
