package org.varde.dicom.net.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.RejectReason;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation.RoleSelection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which associations and presentation contexts a listener accepts (PS3.8 7.1.1, 9.3.3.2, 9.3.4). */
final class AcceptancePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptancePolicy.class);
    /** What an invalid UID is shown as in a log line: at most this many characters, printable only. */
    private static final int LOGGED_UID_LENGTH = 80;
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
        if (!options.answersTo(rq.calledAeTitle())) {
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
     * that we accept, so the data set is stored as the sender encoded it, never transcoded. A UID
     * that breaks PS3.5 9.1 is refused here, before anything can use it: an invalid abstract syntax
     * with reason 3, an invalid or unknown transfer syntax is never chosen (reason 4 when none is left).
     *
     * @param peer who offered them (association id and host), for the log line of a refused UID
     */
    List<PresentationContext> answer(List<PresentationContext> offered, String peer) {
        List<PresentationContext> answers = new ArrayList<>(offered.size());
        for (PresentationContext pc : offered) {
            answers.add(answer(pc, peer));
        }
        return answers;
    }

    private PresentationContext answer(PresentationContext pc, String peer) {
        String abstractSyntax = pc.abstractSyntaxOrNull();
        if (!UID.isValid(abstractSyntax)) {
            LOG.warn("{}: presentation context {} refused: abstract syntax \"{}\" is not a valid UID (PS3.5 9.1)",
                    peer, pc.id(), forLog(abstractSyntax));
            return refused(pc, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        if (!acceptsAbstractSyntax(abstractSyntax)) {
            return refused(pc, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        boolean mpps = UID.ModalityPerformedProcedureStep.equals(abstractSyntax);
        for (String ts : pc.transferSyntaxes()) {
            if (acceptsTransferSyntax(ts) && (!mpps || MPPS_TRANSFER_SYNTAXES.contains(ts))) {
                return PresentationContext.answer(pc.id(), PresentationContext.ACCEPTANCE, ts);
            }
        }
        for (String ts : pc.transferSyntaxes()) {
            if (!UID.isValid(ts) || !TransferSyntax.isKnown(ts)) {
                LOG.warn("{}: presentation context {} ({}): transfer syntax \"{}\" refused, {}", peer, pc.id(),
                        abstractSyntax, forLog(ts), UID.isValid(ts) ? "not a transfer syntax of PS3.6 Table A-1"
                                : "not a valid UID (PS3.5 9.1)");
            }
        }
        return refused(pc, PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED);
    }

    /** Known (PS3.6 Table A-1), valid, and in the configured list when there is one. */
    private boolean acceptsTransferSyntax(String ts) {
        return UID.isValid(ts) && TransferSyntax.isKnown(ts)
                && (options.acceptedTransferSyntaxes().isEmpty() || options.acceptedTransferSyntaxes().contains(ts));
    }

    /**
     * PS3.8 9.3.3.2: the transfer syntax sub-item of a refused context is not significant; we never
     * echo an invalid UID back, we name the default syntax instead.
     */
    private static PresentationContext refused(PresentationContext pc, int reason) {
        String first = pc.transferSyntax();
        return PresentationContext.answer(pc.id(), reason,
                UID.isValid(first) ? first : UID.ImplicitVRLittleEndian);
    }

    /** A peer's string, cut short and made printable, so a log line cannot be forged or flooded. */
    static String forLog(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), LOGGED_UID_LENGTH) + 4);
        for (int i = 0; i < value.length() && i < LOGGED_UID_LENGTH; i++) {
            char c = value.charAt(i);
            out.append(c >= ' ' && c <= '~' ? c : '?');
        }
        if (value.length() > LOGGED_UID_LENGTH) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    boolean acceptsAbstractSyntax(String uid) {
        if (UID.ModalityPerformedProcedureStep.equals(uid) && !servesMpps) {
            return false;
        }
        Set<String> accepted = options.acceptedSopClasses();
        return (accepted.isEmpty() ? DicomServerOptions.DEFAULT_SOP_CLASSES : accepted).contains(uid);
    }

    /**
     * PS3.7 D.3.3.4: we serve; the requestor may be SCU for any SOP class we accept, and never SCP on
     * an association it opened to us (we send no requests on it).
     */
    List<RoleSelection> answerRoles(List<RoleSelection> proposed) {
        List<RoleSelection> answers = new ArrayList<>();
        for (RoleSelection role : proposed) {
            if (!UID.isValid(role.sopClassUid())) {
                continue; // never echoed: a role for an invalid UID cannot be for a context we accept
            }
            answers.add(new RoleSelection(role.sopClassUid(),
                    role.scuRole() && acceptsAbstractSyntax(role.sopClassUid()), false));
        }
        return answers;
    }
}
