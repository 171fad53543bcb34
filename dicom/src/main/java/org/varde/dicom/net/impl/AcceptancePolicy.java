package org.varde.dicom.net.impl;

import org.varde.dicom.data.StorageSopClasses;
import org.varde.dicom.data.UID;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation.RoleSelection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which associations and presentation contexts a listener accepts (PS3.8 7.1.1, 9.3.3.2, 9.3.4). */
final class AcceptancePolicy {
    /** PS3.4 F.7: the SCP reads MPPS data sets whole with our codec; these two are all modalities need. */
    private static final List<String> MPPS_TRANSFER_SYNTAXES =
            List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

    private final DicomServerOptions options;
    private final boolean servesMpps;

    /** @param servesMpps whether an MPPS handler is registered; without one the SOP class is refused */
    AcceptancePolicy(DicomServerOptions options, boolean servesMpps) {
        this.options = options;
        this.servesMpps = servesMpps;
    }

    /** The first reason to reject, in the order PS3.8 9.3.4 lists the sources: ACSE, then user, then limit. */
    Optional<RejectReason> rejection(AAssociateRQ rq, String remoteHost, int activeAssociations) {
        if ((rq.protocolVersion() & AAssociateRQ.PROTOCOL_VERSION_1) == 0) {
            return Optional.of(RejectReason.PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!AAssociateRQ.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return Optional.of(RejectReason.APPLICATION_CONTEXT_NOT_SUPPORTED);
        }
        if (!options.aeTitle().equals(rq.calledAeTitle())) {
            return Optional.of(RejectReason.CALLED_AE_NOT_RECOGNIZED);
        }
        if (!options.isCallerAllowed(rq.callingAeTitle(), remoteHost)) {
            return Optional.of(RejectReason.CALLING_AE_NOT_RECOGNIZED);
        }
        if (activeAssociations >= options.maxAssociations()) {
            return Optional.of(RejectReason.LOCAL_LIMIT_EXCEEDED);
        }
        return Optional.empty();
    }

    /**
     * PS3.8 9.3.3.2: each offered context answered; the transfer syntax chosen is the first offered
     * that we accept, so the data set is stored as the sender encoded it, never transcoded.
     */
    List<PresentationContext> answer(List<PresentationContext> offered) {
        List<PresentationContext> answers = new ArrayList<>(offered.size());
        for (PresentationContext pc : offered) {
            answers.add(answer(pc));
        }
        return answers;
    }

    private PresentationContext answer(PresentationContext pc) {
        if (!acceptsAbstractSyntax(pc.abstractSyntaxOrNull())) {
            return PresentationContext.answer(pc.id(), PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                    pc.transferSyntax());
        }
        boolean mpps = UID.ModalityPerformedProcedureStep.equals(pc.abstractSyntaxOrNull());
        for (String ts : pc.transferSyntaxes()) {
            if ((options.acceptedTransferSyntaxes().isEmpty() || options.acceptedTransferSyntaxes().contains(ts))
                    && (!mpps || MPPS_TRANSFER_SYNTAXES.contains(ts))) {
                return PresentationContext.answer(pc.id(), PresentationContext.ACCEPTANCE, ts);
            }
        }
        return PresentationContext.answer(pc.id(), PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                pc.transferSyntax());
    }

    boolean acceptsAbstractSyntax(String uid) {
        if (UID.ModalityPerformedProcedureStep.equals(uid) && !servesMpps) {
            return false;
        }
        if (!options.acceptedSopClasses().isEmpty()) {
            return options.acceptedSopClasses().contains(uid);
        }
        return UID.Verification.equals(uid) || StorageSopClasses.contains(uid)
                || UID.ModalityPerformedProcedureStep.equals(uid);
    }

    /**
     * PS3.7 D.3.3.4: we serve; the requestor may be SCU for any SOP class we accept, and never SCP on
     * an association it opened to us (we send no requests on it).
     */
    List<RoleSelection> answerRoles(List<RoleSelection> proposed) {
        List<RoleSelection> answers = new ArrayList<>();
        for (RoleSelection role : proposed) {
            answers.add(new RoleSelection(role.sopClassUid(),
                    role.scuRole() && acceptsAbstractSyntax(role.sopClassUid()), false));
        }
        return answers;
    }
}
