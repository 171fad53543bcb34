package org.varde.dicom.net.impl;

import org.varde.dicom.data.Tag;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Implementation;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRJ;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One association accepted by a {@link DicomServerImpl}: negotiation, then the C-ECHO and C-STORE SCP,
 * and the MPPS SCP (N-CREATE, N-SET) when a handler is registered.
 */
final class AcceptorAssociation extends DimseAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptorAssociation.class);

    private final DicomServerImpl server;
    private final DicomServerOptions options;
    private final AcceptancePolicy policy;
    private final CStoreHandler storeHandler;
    private final MppsScp mpps;
    private final AssociationListener listener;
    private final long associationId;
    /** Accepted presentation context id → [abstract syntax, transfer syntax]. */
    private final Map<Integer, String[]> accepted = new HashMap<>();
    private AssociationInfo info;
    private InboundMessage inbound;
    /** The remote address while this connection counts as pending (no A-ASSOCIATE-RQ yet), else null. */
    private String pendingHost;

    AcceptorAssociation(Vertx vertx, NetSocket socket, DicomServerImpl server, DicomServerOptions options,
                        CStoreHandler storeHandler, MppsHandler mppsHandler, AssociationListener listener,
                        long associationId, String pendingHost) {
        super(vertx, socket, options.maxPduLength(), options.artimTimeoutMillis(), options.idleTimeoutMillis(), false);
        this.server = server;
        this.options = options;
        this.policy = new AcceptancePolicy(options, mppsHandler != null);
        this.storeHandler = storeHandler;
        this.mpps = mppsHandler == null ? null : new MppsScp(mppsHandler, associationId);
        this.listener = listener;
        this.associationId = associationId;
        this.pendingHost = pendingHost;
    }

    /** Counted among the pending connections from accept until its A-ASSOCIATE-RQ or its close. */
    private void leavePending() {
        if (pendingHost != null) {
            server.pendingEnded(pendingHost);
            pendingHost = null;
        }
    }

    @Override
    protected Pdu associateIndication(AAssociateRQ rq) {
        leavePending();
        Optional<RejectReason> rejection = policy.rejection(rq, remoteHost, server.activeAssociations());
        if (rejection.isPresent()) {
            LOG.info("association #{} from {} ({}) to {} rejected: {}", associationId, rq.callingAeTitle(),
                    remoteHost, rq.calledAeTitle(), rejection.get());
            listener.rejected(rq.callingAeTitle(), remoteHost, rejection.get());
            return AAssociateRJ.of(rejection.get());
        }
        List<PresentationContext> answers = policy.answer(rq.presentationContexts(),
                "association #" + associationId + " from " + remoteHost);
        for (PresentationContext answer : answers) {
            if (answer.isAccepted()) {
                String abstractSyntax = rq.presentationContext(answer.id()).orElseThrow().abstractSyntaxOrNull();
                accepted.put(answer.id(), new String[]{abstractSyntax, answer.transferSyntax()});
            }
        }
        peerMaxPduLength(rq.userInformation().maxPduLength());
        info = new AssociationInfo(rq.callingAeTitle(), rq.calledAeTitle(), remoteHost, remotePort, associationId);
        server.associationOpened();
        LOG.info("association #{} from {} ({}) accepted, {} of {} presentation contexts", associationId,
                rq.callingAeTitle(), remoteHost, accepted.size(), answers.size());
        listener.accepted(info);
        UserInformation ours = UserInformation.of(options.maxPduLength(), Implementation.CLASS_UID,
                Implementation.VERSION_NAME).withRoleSelections(policy.answerRoles(rq.userInformation().roleSelections()));
        return new AAssociateAC(AAssociateRQ.PROTOCOL_VERSION_1, rq.calledAeTitle(), rq.callingAeTitle(),
                rq.applicationContext(), answers, ours);
    }

    @Override
    protected void associateConfirmation(Pdu acOrRj) {
        // an acceptor never requests an association
    }

    @Override
    protected void onCommand(int contextId, Command command) {
        String[] syntaxes = accepted.get(contextId);
        if (syntaxes == null) {
            protocolError("command on presentation context " + contextId + " that was not accepted");
            return;
        }
        if (inbound != null) {
            protocolError("command before the previous data set was complete");
            return;
        }
        int field = command.commandField();
        if (CommandField.isResponse(field)) {
            LOG.debug("association #{}: unexpected response {} ignored", associationId, command);
        } else if (field == CommandField.C_ECHO_RQ) {
            answerOrDiscard(contextId, command, Status.SUCCESS, null);
        } else if (field == CommandField.C_STORE_RQ) {
            beginStore(contextId, command, syntaxes);
        } else if ((field == CommandField.N_CREATE_RQ || field == CommandField.N_SET_RQ) && mpps != null
                && UID.ModalityPerformedProcedureStep.equals(syntaxes[0])) {
            receive(mpps.begin(contextId, command, syntaxes, info), command);
        } else {
            // PS3.7 C.5.12: refused, unrecognized operation
            answerOrDiscard(contextId, command, Status.UNRECOGNIZED_OPERATION, "unrecognized command field");
        }
    }

    private void answerOrDiscard(int contextId, Command command, Status status, String comment) {
        receive(InboundStore.discarding(contextId, command, status, comment), command);
    }

    /** The data set that follows goes to {@code message}; without one, the request is answered now. */
    private void receive(InboundMessage message, Command command) {
        if (command.hasDataSet()) {
            inbound = message;
        } else {
            message.finish().onSuccess(reply -> send(message.contextId(), reply));
        }
    }

    /** PS3.7 9.3 and 10.3: the response command set, then its data set when it has one. */
    private Future<Void> send(int contextId, Reply reply) {
        Future<Void> sent = sendCommand(contextId, reply.command());
        return reply.dataSet() == null ? sent : sendFragments(contextId, false, reply.dataSet(), true);
    }

    private void beginStore(int contextId, Command command, String[] syntaxes) {
        String sopClass = command.getString(Tag.AffectedSOPClassUID);
        if (!command.hasDataSet()) {
            answerOrDiscard(contextId, command, Status.CANNOT_UNDERSTAND, "C-STORE-RQ without a data set");
        } else if (!syntaxes[0].equals(sopClass)) {
            // PS3.7 9.1.1.1.1: the Affected SOP Class must be the context's abstract syntax
            answerOrDiscard(contextId, command, Status.SOP_CLASS_NOT_SUPPORTED,
                    "SOP class does not match the presentation context");
        } else if (!UID.isValid(command.getString(Tag.AffectedSOPInstanceUID))) {
            // PS3.5 9.1; PS3.4 B.2.3: C000 "cannot understand", before any handler sees the UID
            LOG.warn("association #{}: C-STORE msg {} refused: Affected SOP Instance UID \"{}\" is not a valid UID",
                    associationId, command.messageId(),
                    AcceptancePolicy.forLog(command.getString(Tag.AffectedSOPInstanceUID)));
            answerOrDiscard(contextId, command, Status.CANNOT_UNDERSTAND,
                    "Affected SOP Instance UID is not a valid UID (PS3.5 9.1)");
        } else {
            inbound = openSink(contextId, command, sopClass, syntaxes[1]);
        }
    }

    private InboundStore openSink(int contextId, Command command, String sopClass, String transferSyntax) {
        StoreRequest request = new StoreRequest(info, command.messageId(), sopClass,
                command.getString(Tag.AffectedSOPInstanceUID), transferSyntax,
                command.getInt(Tag.Priority, 0), command.getString(Tag.MoveOriginatorApplicationEntityTitle),
                command.getInt(Tag.MoveOriginatorMessageID, 0));
        try {
            return InboundStore.into(contextId, command, storeHandler.begin(request));
        } catch (DimseException e) {
            return InboundStore.discarding(contextId, command, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("association #{}: store handler failed to begin: {}", associationId, e.toString());
            return InboundStore.discarding(contextId, command, Status.OUT_OF_RESOURCES, "cannot store now");
        }
    }

    @Override
    protected Future<Void> onDataFragment(int contextId, ReceivedFragment fragment, boolean last) {
        InboundMessage current = inbound;
        if (current == null || current.contextId() != contextId) {
            return protocolError("data set fragment without a command on presentation context " + contextId);
        }
        Future<Void> written = current.write(fragment);
        touch();
        if (!last) {
            return written;
        }
        return written.compose(v -> current.finish()).compose(reply -> {
            inbound = null;
            touch();
            return send(contextId, reply);
        });
    }

    @Override
    protected void abortIndication(String why) {
        LOG.info("association #{} with {} aborted: {}", associationId, remoteHost, why);
        abortInbound(why);
        listener.aborted(info, remoteHost, why);
    }

    @Override
    protected void closed(boolean released) {
        leavePending();
        abortInbound(released ? "released during a store" : "connection closed");
        if (info != null) {
            server.associationClosed();
            LOG.info("association #{} with {} {}", associationId, info.callingAeTitle(),
                    released ? "released" : "ended without release");
            listener.ended(info, released);
        }
    }

    private void abortInbound(String why) {
        if (inbound != null) {
            InboundMessage aborted = inbound;
            inbound = null;
            aborted.abort(new java.io.IOException("association ended mid-store: " + why));
        }
    }
}
