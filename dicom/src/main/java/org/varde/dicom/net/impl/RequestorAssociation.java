package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.AssociationRejectedException;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRJ;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PresentationContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An association we requested: negotiation confirmation, then C-ECHO, C-STORE, N-CREATE and N-SET as SCU. */
final class RequestorAssociation extends DimseAssociation implements ClientAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(RequestorAssociation.class);

    private final Promise<ClientAssociation> opened = Promise.promise();
    private final Map<Integer, Promise<Reply>> pending = new HashMap<>();
    /** A response whose command announced a data set, waiting for it (PS3.7 10.3: N-CREATE-RSP, N-SET-RSP). */
    private Promise<Reply> awaited;
    private Command awaitedCommand;
    private int awaitedContextId;
    private Buffer awaitedDataSet;
    private AAssociateRQ request;
    private AAssociateAC acceptance;
    private int nextMessageId = 1;

    RequestorAssociation(Vertx vertx, NetSocket socket, DicomClientOptions options) {
        super(vertx, socket, options.maxPduLength(), options.artimTimeoutMillis(), 0, true);
    }

    Future<ClientAssociation> open(AAssociateRQ rq) {
        this.request = rq;
        start(rq);
        return opened.future();
    }

    @Override
    protected Pdu associateIndication(AAssociateRQ rq) {
        throw new IllegalStateException("a requestor never receives A-ASSOCIATE-RQ in Sta2");
    }

    @Override
    protected void associateConfirmation(Pdu acOrRj) {
        if (acOrRj instanceof AAssociateAC ac) {
            acceptance = ac;
            peerMaxPduLength(ac.userInformation().maxPduLength());
            LOG.debug("association to {}:{} accepted by {}", remoteHost, remotePort, ac.userInformation().implementationClassUid());
            opened.tryComplete(this);
        } else {
            opened.tryFail(new AssociationRejectedException((AAssociateRJ) acOrRj));
        }
    }

    @Override
    public AAssociateAC acceptance() {
        return acceptance;
    }

    @Override
    public boolean accepts(String sopClassUid, String transferSyntaxUid) {
        return contextFor(sopClassUid, transferSyntaxUid) > 0;
    }

    /** The accepted context offered for this abstract syntax whose chosen transfer syntax matches, or -1. */
    private int contextFor(String sopClassUid, String transferSyntaxUid) {
        for (PresentationContext answer : acceptance.presentationContexts()) {
            if (answer.isAccepted() && (transferSyntaxUid == null || transferSyntaxUid.equals(answer.transferSyntax()))
                    && request.presentationContext(answer.id())
                    .map(pc -> sopClassUid.equals(pc.abstractSyntaxOrNull())).orElse(false)) {
                return answer.id();
            }
        }
        return -1;
    }

    /** The transfer syntax the peer chose for an accepted context. */
    private String transferSyntaxOf(int contextId) {
        return acceptance.presentationContext(contextId).orElseThrow().transferSyntax();
    }

    @Override
    public Future<Status> echo() {
        int contextId = contextFor(UID.Verification, null);
        if (contextId < 0) {
            return Future.failedFuture("no accepted presentation context for Verification");
        }
        Promise<Reply> response = expectResponse();
        int messageId = nextMessageId++ & 0xFFFF;
        pending.put(messageId, response);
        sendCommand(contextId, Command.request(CommandField.C_ECHO_RQ, messageId, UID.Verification, false));
        return response.future().map(reply -> reply.command().status());
    }

    @Override
    public Future<Status> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                ReadStream<Buffer> dataSet) {
        int contextId = contextFor(sopClassUid, transferSyntaxUid);
        if (contextId < 0) {
            return Future.failedFuture("no accepted presentation context for " + sopClassUid + " in " + transferSyntaxUid);
        }
        Promise<Reply> response = expectResponse();
        int messageId = nextMessageId++ & 0xFFFF;
        pending.put(messageId, response);
        Command rq = Command.request(CommandField.C_STORE_RQ, messageId, sopClassUid, true)
                .setString(Tag.AffectedSOPInstanceUID, sopInstanceUid).setInt(Tag.Priority, 0);
        sendCommand(contextId, rq);
        new OutboundDataSet(this, contextId, dataSet, TransferSyntax.of(transferSyntaxUid).deflated()).send().onFailure(t -> {
            // PS3.7 has no way to withdraw a data set half sent: the association cannot continue
            LOG.warn("data set of message {} could not be sent: {}", messageId, t.toString());
            response.tryFail(t);
            abort();
        });
        return response.future().map(reply -> reply.command().status());
    }

    @Override
    public Future<NormalizedResponse> nCreate(String sopClassUid, String sopInstanceUid, Attributes attributes) {
        Command rq = new Command().setInt(Tag.CommandField, CommandField.N_CREATE_RQ)
                .setString(Tag.AffectedSOPClassUID, sopClassUid)
                .setInt(Tag.CommandDataSetType, Command.DATA_SET_PRESENT);
        if (sopInstanceUid != null) {
            rq.setString(Tag.AffectedSOPInstanceUID, sopInstanceUid);
        }
        return sendNormalized(sopClassUid, rq, attributes);
    }

    @Override
    public Future<NormalizedResponse> nSet(String sopClassUid, String sopInstanceUid, Attributes modifications) {
        // PS3.7 10.3.3: an N-SET-RQ names its instance with the Requested, not the Affected, UIDs
        Command rq = new Command().setInt(Tag.CommandField, CommandField.N_SET_RQ)
                .setString(Tag.RequestedSOPClassUID, sopClassUid)
                .setInt(Tag.CommandDataSetType, Command.DATA_SET_PRESENT)
                .setString(Tag.RequestedSOPInstanceUID, sopInstanceUid);
        return sendNormalized(sopClassUid, rq, modifications);
    }

    /** A DIMSE-N request with its (small) data set in one go, then the response with its data set parsed. */
    private Future<NormalizedResponse> sendNormalized(String sopClassUid, Command rq, Attributes dataSet) {
        int contextId = contextFor(sopClassUid, null);
        if (contextId < 0) {
            return Future.failedFuture("no accepted presentation context for " + sopClassUid);
        }
        String transferSyntax = transferSyntaxOf(contextId);
        Promise<Reply> response = expectResponse();
        int messageId = nextMessageId++ & 0xFFFF;
        pending.put(messageId, response);
        rq.setInt(Tag.MessageID, messageId);
        sendCommand(contextId, rq);
        sendFragments(contextId, false, SmallDataSet.encode(dataSet, transferSyntax), true);
        return response.future().compose(reply -> normalized(reply, transferSyntax));
    }

    private static Future<NormalizedResponse> normalized(Reply reply, String transferSyntax) {
        Command rsp = reply.command();
        Attributes attributes = null;
        if (reply.dataSet() != null) {
            try {
                attributes = SmallDataSet.parse(reply.dataSet(), transferSyntax);
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
        }
        return Future.succeededFuture(new NormalizedResponse(rsp.status(), rsp.getString(Tag.AffectedSOPInstanceUID),
                attributes, rsp.getString(Tag.ErrorComment), rsp.getInt(Tag.ErrorID, 0)));
    }

    private Promise<Reply> expectResponse() {
        if (!isOpen()) {
            throw new IllegalStateException("association is not open");
        }
        return Promise.promise();
    }

    @Override
    protected void onCommand(int contextId, Command command) {
        if (!CommandField.isResponse(command.commandField())) {
            LOG.debug("request {} on an association we opened: not served", command);
            return;
        }
        if (awaited != null) {
            protocolError("response command before the previous response's data set was complete");
            return;
        }
        Promise<Reply> response = pending.remove(command.getInt(Tag.MessageIDBeingRespondedTo, -1));
        if (response == null) {
            protocolError("response to a message we did not send: " + command);
            return;
        }
        if (command.contains(Tag.ErrorComment)) {
            LOG.debug("status {} with error comment {}", command.status(), command.getString(Tag.ErrorComment));
        }
        if (command.hasDataSet()) {
            awaited = response;
            awaitedCommand = command;
            awaitedContextId = contextId;
            awaitedDataSet = Buffer.buffer(256);
        } else {
            response.tryComplete(Reply.of(command));
        }
    }

    @Override
    protected Future<Void> onDataFragment(int contextId, ReceivedFragment fragment, boolean last) {
        if (awaited == null || contextId != awaitedContextId) {
            return protocolError("data set received without a response that announced one");
        }
        if (awaitedDataSet.length() + fragment.length() > SmallDataSet.MAX_LENGTH) {
            return protocolError("response data set longer than " + SmallDataSet.MAX_LENGTH + " bytes");
        }
        awaitedDataSet.appendBuffer(fragment.borrowed());
        if (last) {
            Promise<Reply> response = awaited;
            Reply reply = new Reply(awaitedCommand, awaitedDataSet);
            awaited = null;
            awaitedCommand = null;
            awaitedDataSet = null;
            response.tryComplete(reply);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> release() {
        return requestRelease();
    }

    @Override
    public void abort() {
        requestAbort(AAbort.byUser());
    }

    @Override
    protected void abortIndication(String why) {
        if (acceptance != null) {
            LOG.info("association to {}:{} aborted: {}", remoteHost, remotePort, why);
        }
        opened.tryFail(new IOException("association aborted: " + why));
        failPending(why);
    }

    @Override
    protected void closed(boolean released) {
        opened.tryFail(new IOException("connection closed before the association was accepted"));
        failPending(released ? "association released" : "connection closed");
    }

    /**
     * Fails every response still awaited. The map is emptied first: failing a promise runs its
     * listeners at once, and one that registered a new request while the map was being walked used
     * to be dropped by a clear afterwards, unanswered and never failed.
     */
    private void failPending(String why) {
        List<Promise<Reply>> waiting = new ArrayList<>(pending.values());
        pending.clear();
        Promise<Reply> partial = awaited;
        awaited = null;
        awaitedCommand = null;
        awaitedDataSet = null;
        for (Promise<Reply> p : waiting) {
            p.tryFail(new IOException("no response: " + why));
        }
        if (partial != null) {
            partial.tryFail(new IOException("response data set incomplete: " + why));
        }
    }

    NetSocket socket() {
        return socket;
    }
}
