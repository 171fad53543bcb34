package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationDataValue;

import java.util.List;

/**
 * The DIMSE message layer over the upper layer (PS3.7 6.3, PS3.8 Annex E): assembles command
 * fragments into command sets, hands data set fragments on as they arrive, and fragments what it
 * sends to the peer's maximum PDU length.
 */
abstract class DimseAssociation extends UpperLayer {
    /** PS3.8 D.1: the peer announced 0 (unlimited); fragments of this size are still sent. */
    private static final int UNLIMITED_FRAGMENT = 1 << 20;

    private Buffer commandFragments;
    private int commandContextId = -1;
    private int maxFragment = 16384 - PresentationDataValue.HEADER_LENGTH;

    DimseAssociation(Vertx vertx, NetSocket socket, long ourMaxPduLength, long artimMillis, long idleMillis,
                     boolean requestor) {
        super(vertx, socket, ourMaxPduLength, artimMillis, idleMillis, requestor);
    }

    /**
     * PS3.8 D.1: the peer's maximum P-DATA-TF length bounds each PDV we send; 0 means unlimited. Kept
     * even, so every fragment but a data set's last is even (unless the peer takes 1-byte fragments only).
     */
    final void peerMaxPduLength(long peerMax) {
        if (peerMax <= PresentationDataValue.HEADER_LENGTH || peerMax > UNLIMITED_FRAGMENT) {
            maxFragment = UNLIMITED_FRAGMENT;
        } else {
            int limit = (int) peerMax - PresentationDataValue.HEADER_LENGTH;
            maxFragment = limit > 1 ? limit & ~1 : limit;
        }
    }

    final int maxFragment() {
        return maxFragment;
    }

    /** A complete command set arrived on an accepted presentation context. */
    protected abstract void onCommand(int contextId, Command command);

    /**
     * The next data set fragment, borrowed for this call only (copy or retain what is kept); reading
     * waits for the returned future.
     */
    protected abstract Future<Void> onDataFragment(int contextId, ReceivedFragment fragment, boolean last);

    @Override
    protected final Future<Void> dataIndication(ReceivedPData pData) {
        return deliver(pData, 0);
    }

    private Future<Void> deliver(ReceivedPData pData, int from) {
        List<PresentationDataValue> values = pData.values();
        for (int i = from; i < values.size() && state.receivesData(); i++) {
            Future<Void> done = deliverValue(pData, i);
            if (!done.isComplete()) {
                int next = i + 1;
                return done.compose(v -> deliver(pData, next), t -> deliver(pData, next));
            }
        }
        return Future.succeededFuture();
    }

    private Future<Void> deliverValue(ReceivedPData pData, int index) {
        PresentationDataValue pdv = pData.values().get(index);
        if (!pdv.command()) {
            if (commandFragments != null) {
                return protocolError("data set fragment in the middle of a command set");
            }
            return onDataFragment(pdv.presentationContextId(), pData.data(index), pdv.last());
        }
        if (commandFragments == null) {
            commandFragments = Buffer.buffer(256);
            commandContextId = pdv.presentationContextId();
        }
        if (pdv.presentationContextId() != commandContextId
                || commandFragments.length() + pdv.data().length() > Command.MAX_ENCODED_LENGTH) {
            return protocolError("command set fragments too long or on different presentation contexts");
        }
        commandFragments.appendBuffer(pdv.data());
        if (pdv.last()) {
            Buffer complete = commandFragments;
            commandFragments = null;
            try {
                onCommand(commandContextId, Command.decode(complete));
            } catch (DimseException e) {
                return protocolError("undecodable command set: " + e.getMessage());
            }
        }
        return Future.succeededFuture();
    }

    /** A DIMSE-level protocol violation: abort, as PS3.7 7.5 leaves no way to answer it. */
    final Future<Void> protocolError(String why) {
        requestAbort(new AAbort(AAbort.SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU_PARAMETER), why);
        return Future.failedFuture(why);
    }

    /** Sends a command set, fragmented to the peer's maximum if it has to be. */
    final Future<Void> sendCommand(int contextId, Command command) {
        return sendFragments(contextId, true, command.encode(), true);
    }

    /**
     * Sends a piece of a data set as one or more PDVs; only the very last PDV of the data set
     * carries the last-fragment flag (PS3.8 E.2).
     */
    final Future<Void> sendFragments(int contextId, boolean command, Buffer data, boolean endsMessage) {
        Future<Void> written = Future.succeededFuture();
        int pos = 0;
        do {
            int end = Math.min(data.length(), pos + maxFragment);
            boolean last = endsMessage && end == data.length();
            written = sendPdv(contextId, command, last, data, pos, end);
            pos = end;
        } while (pos < data.length());
        return written;
    }

    /** One PDV in one P-DATA-TF, header and payload in a single write. */
    final Future<Void> sendPdv(int contextId, boolean command, boolean last, Buffer data, int from, int to) {
        Buffer pdu = PduEncoder.pDataHeader(contextId, command, last, to - from).appendBuffer(data, from, to - from);
        return sendPData(pdu);
    }
}
