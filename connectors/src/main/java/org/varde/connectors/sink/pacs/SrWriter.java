package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.sink.HumanReview;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one algorithm result as a DICOM SR for PACS, following IHE AI Results (AIR) and PS3.16 TID
 * 1500 "Imaging Measurement Report".
 *
 * <p>SOP class: Comprehensive 3D SR (PS3.3 A.35.13). The result has no 3D coordinates today, so
 * Comprehensive SR would hold it too; IHE AIR names Comprehensive 3D SR as the encoding of AI result
 * SRs (its Evidence Creator writes the Comprehensive 3D SR Storage IOD), and AIR image displays are
 * tested against it, so that is what PACS gets. A later result with a 3D region then needs no change
 * of SOP class, series or display.
 *
 * <p>The document: language (TID 1204), the algorithm as Device observer (TID 1002/1004), procedure
 * reported, an image library of the source instances (TID 1600), findings with measurements as TID
 * 1501 measurement groups under "Imaging Measurements", the others as coded qualitative evaluations,
 * algorithm name and version (TID 4019) in each. The templates, rows and codes are listed in
 * docs/results.md.
 */
public final class SrWriter {

    private final PacsWriterOptions options;
    private final DerivedUids uids;
    private final SrContent content;

    public SrWriter(PacsWriterOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.uids = new DerivedUids(options.uidRoot());
        this.content = new SrContent(uids);
    }

    /** The SR series of a result: every version of it goes there. */
    public String seriesInstanceUid(ReportKey key) {
        return uids.derive("sr-series", key.resultId());
    }

    /** The SR instance of one result version: the same for every resend of that version. */
    public String sopInstanceUid(ReportKey key) {
        return uids.derive("sr", key.resultId(), Integer.toString(key.version()));
    }

    /**
     * Writes the SR. The same arguments always give the same data set: a resend replaces.
     *
     * @param producedAt when Varde received the result (stored with it), in the site's zone: the SR's
     *                   dates, never the clock at writing time, so that a resend is byte for byte the same
     *
     * @throws IllegalArgumentException when the result is for another study than {@code study}, or a
     *                                  UID in it is not a valid UID
     */
    public PacsObject write(ReportKey key, AlgorithmResult result, StudyContext study, ZonedDateTime producedAt) {
        return write(key, result, study, producedAt, HumanReview.none());
    }

    /**
     * Writes the SR as a reviewer left it: VERIFIED with the Verifying Observer when approved (and the
     * algorithm gave a verdict), UNVERIFIED otherwise; a release on timeout says so in the content.
     */
    public PacsObject write(ReportKey key, AlgorithmResult result, StudyContext study, ZonedDateTime producedAt,
                            HumanReview review) {
        Objects.requireNonNull(review, "review");
        if (!result.studyInstanceUid().equals(study.studyInstanceUid())) {
            throw new IllegalArgumentException("the result is for study " + result.studyInstanceUid()
                    + " but the study context is " + study.studyInstanceUid());
        }
        checkReferences(result);
        String seriesUid = seriesInstanceUid(key);
        String sopUid = sopInstanceUid(key);
        ZonedDateTime when = Objects.requireNonNull(producedAt, "producedAt");

        Attributes ds = new Attributes();
        CompositeContext.sopCommon(ds, UID.Comprehensive3DSR, sopUid, CharacterSets.choose(texts(result, study, review)),
                when);
        CompositeContext.patientAndStudy(ds, study);
        srDocumentSeries(ds, seriesUid, result, when);
        CompositeContext.equipment(ds, options);
        CompositeContext.contributingEquipment(ds, result, when);
        srDocumentGeneral(ds, result, study, key, when);
        verification(ds, result, review, when.getZone());
        content.fill(ds, result, study, review);
        return new PacsObject(UID.Comprehensive3DSR, sopUid, seriesUid, ds);
    }

    /** PS3.3 C.17.1 SR Document Series: modality SR, Varde's own series under the source study. */
    private void srDocumentSeries(Attributes ds, String seriesUid, AlgorithmResult result, ZonedDateTime when) {
        ds.setString(Tag.SeriesDate, VR.DA, CompositeContext.date(when));
        ds.setString(Tag.SeriesTime, VR.TM, CompositeContext.time(when));
        ds.setString(Tag.Modality, VR.CS, "SR");
        ds.setString(Tag.SeriesDescription, VR.LO, truncate("AI result: " + result.reportedName(), 64));
        // Type 2: Varde performed no procedure step of the source's
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        ds.setInt(Tag.SeriesNumber, VR.IS, options.srSeriesNumber());
    }

    /**
     * PS3.3 C.17.2 SR Document General: COMPLETE when the algorithm gave a verdict, PARTIAL when it
     * could not. The verification is set by {@link #verification}.
     */
    private void srDocumentGeneral(Attributes ds, AlgorithmResult result, StudyContext study,
                                   ReportKey key, ZonedDateTime when) {
        ds.setString(Tag.ContentDate, VR.DA, CompositeContext.date(when));
        ds.setString(Tag.ContentTime, VR.TM, CompositeContext.time(when));
        ds.setInt(Tag.InstanceNumber, VR.IS, key.version());
        ds.newSequence(Tag.PerformedProcedureCodeSequence);
        Evidence.referencedRequest(ds, study);
        Evidence.currentRequestedProcedure(ds, study, result);
        boolean verdict = result.status() == ResultStatus.POSITIVE || result.status() == ResultStatus.NEGATIVE;
        ds.setString(Tag.CompletionFlag, VR.CS, verdict ? "COMPLETE" : "PARTIAL");
        if (!verdict) {
            ds.setString(Tag.CompletionFlagDescription, VR.LO, result.status() == ResultStatus.FAILED
                    ? "The algorithm could not process the study" : "The algorithm could not decide");
        }
    }

    /**
     * PS3.3 C.17.2 (Table C.17-2) and C.17.2.1: Verification Flag VERIFIED only when a reviewer approved
     * and the document is COMPLETE (a PARTIAL document may not be VERIFIED; dciodvfy checks it). Then
     * the Verifying Observer Sequence (Type 1C, required when VERIFIED) holds one item: Verifying
     * Observer Name (PN, Type 1), Verifying Observer Identification Code Sequence (Type 2, zero or one
     * item: Varde has no coded identifier for the reviewer, so it is present and empty), Verifying
     * Organization (LO, Type 1) and Verification DateTime (DT, Type 1). Preliminary Flag (Type 3) is
     * FINAL for a verified document, PRELIMINARY otherwise, as the FHIR report is final or preliminary.
     */
    private static void verification(Attributes ds, AlgorithmResult result, HumanReview review, ZoneId zone) {
        boolean complete = result.status() == ResultStatus.POSITIVE || result.status() == ResultStatus.NEGATIVE;
        if (!review.approved() || !complete) {
            ds.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
            ds.setString(Tag.PreliminaryFlag, VR.CS, "PRELIMINARY");
            return;
        }
        ds.setString(Tag.VerificationFlag, VR.CS, "VERIFIED");
        Attributes observer = new Attributes();
        ds.newSequence(Tag.VerifyingObserverSequence).add(observer);
        observer.setString(Tag.VerifyingObserverName, VR.PN, personName(review.reviewer()));
        observer.newSequence(Tag.VerifyingObserverIdentificationCodeSequence);
        observer.setString(Tag.VerifyingOrganization, VR.LO, truncate(review.organisation(), 64));
        observer.setString(Tag.VerificationDateTime, VR.DT, CompositeContext.dateTime(review.at().atZone(zone)));
        ds.setString(Tag.PreliminaryFlag, VR.CS, "FINAL");
    }

    /**
     * A reviewer's display name as a PN value (PS3.5 6.2): "Family^Given" is kept as it is, a plain
     * name becomes the family-name component; backslashes (the value delimiter) and control characters
     * are dropped, each component group at most 64 characters.
     */
    static String personName(String name) {
        String clean = name.replaceAll("[\\\\\\p{Cntrl}=]", " ").trim();
        return truncate(clean.isEmpty() ? "Reviewer" : clean, 64);
    }

    private static void checkReferences(AlgorithmResult result) {
        for (Finding finding : result.findings()) {
            for (ImageReference ref : finding.references()) {
                SourceInstance.requireUid(ref.seriesInstanceUid(), "image reference seriesInstanceUid");
                SourceInstance.requireUid(ref.sopClassUid(), "image reference sopClassUid");
                SourceInstance.requireUid(ref.sopInstanceUid(), "image reference sopInstanceUid");
            }
        }
    }

    private static List<String> texts(AlgorithmResult result, StudyContext study, HumanReview review) {
        List<String> texts = new ArrayList<>(study.texts());
        texts.add(review.statement());
        texts.add(result.reportedName());
        texts.add(result.reportedVersion());
        texts.add(result.device().manufacturer());
        texts.add(result.device().modelName());
        texts.add(result.device().softwareVersion());
        for (Finding f : result.findings()) {
            texts.add(f.code().meaning());
            f.bodySite().ifPresent(c -> texts.add(c.meaning()));
            f.measurements().forEach(m -> texts.add(m.concept().meaning()));
        }
        return texts;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
