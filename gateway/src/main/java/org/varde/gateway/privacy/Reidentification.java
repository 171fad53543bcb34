package org.varde.gateway.privacy;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.deident.Reidentifier;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditTrail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The way back from a pseudonymising vendor, before anything else in Varde sees its answer: the
 * normalised result and the result objects get the original UIDs and identity again. A result that
 * names a study or image this algorithm was never sent is refused: it is another patient's, or
 * made up, and must not be delivered.
 */
public final class Reidentification {
    private final PseudonymStore store;
    private final Function<String, Attributes> originalHeaderOfStudy;
    private final Part10Rewriter rewriter;
    private final AuditTrail audit;

    /**
     * @param originalHeaderOfStudy the header of an original instance of a study (see {@link OriginalIdentity})
     * @param maxHeaderBytes        the most a result object's header may take in memory
     */
    public Reidentification(PseudonymStore store, Function<String, Attributes> originalHeaderOfStudy,
                            long maxHeaderBytes) {
        this(store, originalHeaderOfStudy, maxHeaderBytes, AuditTrail.NONE);
    }

    /** @param audit where each use of the mapping is recorded: identity restored is identity disclosed again */
    public Reidentification(PseudonymStore store, Function<String, Attributes> originalHeaderOfStudy,
                            long maxHeaderBytes, AuditTrail audit) {
        this.store = store;
        this.originalHeaderOfStudy = originalHeaderOfStudy;
        this.rewriter = new Part10Rewriter(maxHeaderBytes);
        this.audit = audit;
    }

    /**
     * The algorithm that was given {@code studyInstanceUid} as a replacement, with the original: how
     * the results stage recognises a pseudonymised answer before it knows the job. Empty for a UID
     * that is no pseudonym.
     */
    public Optional<PseudonymStore.Pseudonym> pseudonym(String studyInstanceUid) {
        return store.find(studyInstanceUid);
    }

    /**
     * The UID {@code algorithmId} knows {@code originalUid} by (its pseudonym), or empty when that
     * algorithm was never sent it pseudonymised: how a poller asks the vendor about a study.
     */
    public Optional<String> replacementOf(String algorithmId, String originalUid) {
        return store.existingReplacement(algorithmId, originalUid);
    }

    /** The result with the original study, series and instance UIDs. */
    public AlgorithmResult reidentify(AlgorithmResult result) {
        Set<String> uids = new HashSet<>();
        uids.add(result.studyInstanceUid());
        for (Finding finding : result.findings()) {
            for (ImageReference reference : finding.references()) {
                uids.add(reference.seriesInstanceUid());
                uids.add(reference.sopInstanceUid());
            }
        }
        Map<String, String> originals = store.originals(result.algorithmId(), uids);
        List<Finding> findings = new ArrayList<>();
        for (Finding f : result.findings()) {
            List<ImageReference> references = new ArrayList<>();
            for (ImageReference r : f.references()) {
                references.add(new ImageReference(original(originals, r.seriesInstanceUid(), "series"), r.sopClassUid(),
                        original(originals, r.sopInstanceUid(), "instance"), r.frames()));
            }
            findings.add(new Finding(f.code(), f.presence(), f.probability(), f.measurements(), f.bodySite(), references));
        }
        String study = original(originals, result.studyInstanceUid(), "study");
        recorded(study, result.algorithmId(), "result of algorithm " + result.algorithmId()
                + ": study, series and instance UIDs restored");
        return new AlgorithmResult(result.algorithmId(), result.reportedName(), result.reportedVersion(), result.device(),
                study, result.status(), findings, result.suggestedPriority());
    }

    /**
     * Rewrites a result object (SR, segmentation, ...) the vendor sent for {@code algorithmId} into
     * {@code out} with the original UIDs and identity; pixel data streamed as it is.
     *
     * @return the re-identified header
     * @throws PrivacyException when the object's study is not one this algorithm was sent
     */
    public Attributes reidentify(String algorithmId, Path in, Path out) throws IOException {
        return rewriter.rewrite(in, out, new Part10Rewriter.Transform() {
            private Reidentifier reidentifier;

            @Override
            public Attributes header(Attributes header) {
                Map<String, String> originals = new HashMap<>(store.originals(algorithmId, Reidentifier.uidsIn(header)));
                String study = originals.get(header.getString(Tag.StudyInstanceUID));
                if (study == null) {
                    throw new PrivacyException("the result object's study is not one algorithm " + algorithmId
                            + " was sent: refused");
                }
                reidentifier = Reidentifier.of(originals, originalHeaderOfStudy.apply(study));
                Attributes back = reidentifier.reidentify(header);
                recorded(study, algorithmId, "result object " + back.getString(Tag.SOPInstanceUID)
                        + ": UIDs and patient identity restored");
                return back;
            }

            @Override
            public Attributes trailer(Attributes trailer) throws IOException {
                return reidentifier.transform().trailer(trailer);
            }
        });
    }

    private void recorded(String study, String algorithmId, String what) {
        audit.record(AuditEntry.of(Actor.system("results"), AuditAction.REIDENTIFICATION).study(study)
                .algorithm(algorithmId).detail(what));
    }

    private static String original(Map<String, String> originals, String pseudonym, String what) {
        String original = originals.get(pseudonym);
        if (original == null) {
            throw new PrivacyException("the result names a " + what + " this algorithm was not sent: refused");
        }
        return original;
    }
}
