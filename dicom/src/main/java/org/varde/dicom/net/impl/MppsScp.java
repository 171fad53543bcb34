package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.dimse.MppsRequest;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.AssociationInfo;

/**
 * The Modality Performed Procedure Step SCP (PS3.4 F.7) on one association: checks the N-CREATE-RQ
 * or N-SET-RQ command, gathers its data set, asks the {@link MppsHandler} and builds the response.
 * The step's life-cycle rules are the handler's ({@link org.varde.dicom.dimse.MppsRules}).
 */
final class MppsScp {
    private static final Logger LOG = LoggerFactory.getLogger(MppsScp.class);

    private final MppsHandler handler;
    private final long associationId;

    MppsScp(MppsHandler handler, long associationId) {
        this.handler = handler;
        this.associationId = associationId;
    }

    /**
     * @param syntaxes the presentation context's [abstract syntax, transfer syntax]
     * @return what gathers the request's data set and answers it
     */
    InboundMessage begin(int contextId, Command rq, String[] syntaxes, AssociationInfo info) {
        boolean create = rq.commandField() == CommandField.N_CREATE_RQ;
        // PS3.7 10.3.5: an N-CREATE-RQ names the instance with the Affected UIDs; 10.3.3: an N-SET-RQ
        // with the Requested ones
        String sopClass = rq.getString(create ? Tag.AffectedSOPClassUID : Tag.RequestedSOPClassUID);
        String instance = rq.getString(create ? Tag.AffectedSOPInstanceUID : Tag.RequestedSOPInstanceUID);
        if (!syntaxes[0].equals(sopClass)) {
            return InboundStore.discarding(contextId, rq, Status.SOP_CLASS_NOT_SUPPORTED,
                    "SOP class does not match the presentation context");
        }
        if (!create && !rq.hasDataSet()) {
            // PS3.7 10.1.3: the Modification List of an N-SET is mandatory
            return InboundStore.discarding(contextId, rq, Status.MISSING_ATTRIBUTE,
                    "N-SET-RQ without a modification list");
        }
        boolean generated = create && instance == null;
        String uid = generated ? UID.generate() : instance;
        if (!UID.isValid(uid)) {
            return InboundStore.discarding(contextId, rq, Status.INVALID_OBJECT_INSTANCE,
                    "SOP Instance UID is not a UID");
        }
        return new InboundAttributeList(contextId, syntaxes[1],
                dataSet -> ask(create, new MppsRequest(info, rq.messageId(), sopClass, uid, generated, dataSet))
                        .map(response -> reply(rq, sopClass, uid, response, syntaxes[1])),
                why -> refused(rq, sopClass, uid, why, syntaxes[1]));
    }

    private Reply refused(Command rq, String sopClass, String uid, String why, String transferSyntax) {
        LOG.info("association #{}: MPPS request for {} refused: {}", associationId, uid, why);
        return reply(rq, sopClass, uid, MppsResponse.failure(Status.PROCESSING_FAILURE, why), transferSyntax);
    }

    private Future<MppsResponse> ask(boolean create, MppsRequest request) {
        Future<MppsResponse> answer;
        try {
            answer = create ? handler.create(request) : handler.set(request);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.recover(t -> {
            if (t instanceof DimseException d) {
                return Future.succeededFuture(MppsResponse.failure(d.status(), d.getMessage()));
            }
            LOG.warn("association #{}: MPPS handler failed: {}", associationId, t.toString());
            return Future.succeededFuture(MppsResponse.failure(Status.PROCESSING_FAILURE, "cannot process now"));
        }).map(response -> {
            LOG.info("association #{}: MPPS {} of {} answered {}", associationId, create ? "N-CREATE" : "N-SET",
                    request.sopInstanceUid(), response.status());
            return response;
        });
    }

    /**
     * PS3.7 10.3.5 and 10.3.3: the response names the Affected SOP Class and Instance (for an
     * N-CREATE whose SCU gave none, this is how it learns the UID) and may carry an attribute list.
     */
    private static Reply reply(Command rq, String sopClass, String uid, MppsResponse response, String transferSyntax) {
        Status status = response.status() == null ? Status.PROCESSING_FAILURE : response.status();
        Command rsp = Command.responseTo(rq, status).setString(Tag.AffectedSOPClassUID, sopClass)
                .setString(Tag.AffectedSOPInstanceUID, uid);
        if (status.isFailure() && response.errorComment() != null) {
            rsp.setErrorComment(response.errorComment());
        }
        if (status.isFailure() && response.errorId() != 0) {
            rsp.setInt(Tag.ErrorID, response.errorId());
        }
        Attributes attributes = response.attributes();
        if (attributes == null) {
            return Reply.of(rsp);
        }
        rsp.setInt(Tag.CommandDataSetType, Command.DATA_SET_PRESENT);
        return new Reply(rsp, SmallDataSet.encode(attributes, transferSyntax));
    }
}
