package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.pdu.AAssociateAC;

/**
 * An association we requested and the peer accepted: the C-ECHO and C-STORE SCU side, and N-CREATE
 * and N-SET for Modality Performed Procedure Step (test tooling and the sandbox modality simulator). Like every
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

    /**
     * Sends an N-CREATE-RQ with {@code attributes} as its attribute list (PS3.7 10.1.5) on the
     * context accepted for {@code sopClassUid}, encoded in that context's transfer syntax.
     *
     * @param sopInstanceUid the Affected SOP Instance UID, or null to let the SCP choose it (returned
     *                       in {@link NormalizedResponse#affectedSopInstanceUid()})
     */
    Future<NormalizedResponse> nCreate(String sopClassUid, String sopInstanceUid, Attributes attributes);

    /** Sends an N-SET-RQ with {@code modifications} as its modification list (PS3.7 10.1.3). */
    Future<NormalizedResponse> nSet(String sopClassUid, String sopInstanceUid, Attributes modifications);

    Future<Void> release();

    void abort();

    boolean isOpen();
}
