package org.varde.dicom.net.impl;

import org.varde.dicom.data.Tag;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.AssociationRejectedException;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRJ;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PresentationContext;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** An association we requested: negotiation confirmation, then C-ECHO and C-STORE as SCU. */
final class RequestorAssociation extends DimseAssociation implements ClientAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(RequestorAssociation.class);

    private final Promise<ClientAssociation> opened = Promise.promise();
    private final Map<Integer, Promise<Status>> pending = new HashMap<>();
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

    @Override
    public Future<Status> echo() {
        int contextId = contextFor(UID.Verification, null);
        if (contextId < 0) {
            return Future.failedFuture("no accepted presentation context for Verification");
        }
        Promise<Status> response = expectResponse();
        int messageId = nextMessageId++ & 0xFFFF;
        pending.put(messageId, response);
        sendCommand(contextId, Command.request(CommandField.C_ECHO_RQ, messageId, UID.Verification, false));
        return response.future();
    }

    @Override
    public Future<Status> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                ReadStream<Buffer> dataSet) {
        int contextId = contextFor(sopClassUid, transferSyntaxUid);
        if (contextId < 0) {
            return Future.failedFuture("no accepted presentation context for " + sopClassUid + " in " + transferSyntaxUid);
        }
        Promise<Status> response = expectResponse();
        int messageId = nextMessageId++ & 0xFFFF;
        pending.put(messageId, response);
        Command rq = Command.request(CommandField.C_STORE_RQ, messageId, sopClassUid, true)
                .setString(Tag.AffectedSOPInstanceUID, sopInstanceUid).setInt(Tag.Priority, 0);
        sendCommand(contextId, rq);
        new OutboundDataSet(this, contextId, dataSet).send().onFailure(t -> {
            // PS3.7 has no way to withdraw a data set half sent: the association cannot continue
            LOG.warn("data set of message {} could not be sent: {}", messageId, t.toString());
            response.tryFail(t);
            abort();
        });
        return response.future();
    }

    private Promise<Status> expectResponse() {
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
        Promise<Status> response = pending.remove(command.getInt(Tag.MessageIDBeingRespondedTo, -1));
        if (response == null) {
            protocolError("response to a message we did not send: " + command);
            return;
        }
        if (command.contains(Tag.ErrorComment)) {
            LOG.debug("status {} with error comment {}", command.status(), command.getString(Tag.ErrorComment));
        }
        response.tryComplete(command.status());
    }

    @Override
    protected Future<Void> onDataFragment(int contextId, Buffer fragment, boolean last) {
        return protocolError("data set received on an association that expects none");
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
        opened.tryFail(new IOException("association aborted: " + why));
        failPending(why);
    }

    @Override
    protected void closed(boolean released) {
        opened.tryFail(new IOException("connection closed before the association was accepted"));
        failPending(released ? "association released" : "connection closed");
    }

    private void failPending(String why) {
        for (Promise<Status> p : pending.values()) {
            p.tryFail(new IOException("no response: " + why));
        }
        pending.clear();
    }

    NetSocket socket() {
        return socket;
    }
}
