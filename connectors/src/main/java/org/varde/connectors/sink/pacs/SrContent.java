package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.sink.HumanReview;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.varde.connectors.sink.pacs.ContentItems.CONTAINS;
import static org.varde.connectors.sink.pacs.ContentItems.HAS_CONCEPT_MOD;
import static org.varde.connectors.sink.pacs.ContentItems.HAS_OBS_CONTEXT;
import static org.varde.connectors.sink.pacs.ContentItems.HAS_PROPERTIES;
import static org.varde.connectors.sink.pacs.ContentItems.INFERRED_FROM;
import static org.varde.connectors.sink.pacs.ContentItems.children;

/** The content tree of the SR: PS3.16 TID 1500 "Measurement Report", row by row. */
final class SrContent {

    private final DerivedUids uids;

    SrContent(DerivedUids uids) {
        this.uids = uids;
    }

    /** The root content item (the data set itself, PS3.3 C.17.3) and everything under it. */
    void fill(Attributes ds, AlgorithmResult result, StudyContext study, HumanReview review) {
        // TID 1500 row 1: CONTAINER, document title from CID 7021, SEPARATE
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        ContentItems.codeSequence(ds, Tag.ConceptNameCodeSequence, SrCodes.IMAGING_MEASUREMENT_REPORT);
        ds.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        // PS3.3 C.17.3: the root names its template
        Attributes template = new Attributes();
        ds.newSequence(Tag.ContentTemplateSequence).add(template);
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "1500");

        List<Attributes> root = children(ds);
        // TID 1500 row 2: TID 1204 Language of Content Item and Descendants
        root.add(ContentItems.code(HAS_CONCEPT_MOD, SrCodes.LANGUAGE_OF_CONTENT, SrCodes.ENGLISH_US));
        observerContext(root, result);
        // TID 1500 row 4: Procedure reported, from DCID 100. The site's own procedure code is rarely
        // in that group (PixelMed rejects one that is not), so the SR says CID 100's general "Imaging
        // procedure"; the requested procedure's own code is in the Referenced Request Sequence.
        root.add(ContentItems.code(HAS_CONCEPT_MOD, SrCodes.PROCEDURE_REPORTED, SrCodes.IMAGING_PROCEDURE));
        root.add(imageLibrary(Evidence.bySeries(study, result)));

        List<Finding> measured = result.findings().stream().filter(f -> !f.measurements().isEmpty()).toList();
        List<Finding> qualitative = result.findings().stream().filter(f -> f.measurements().isEmpty()).toList();
        if (!measured.isEmpty()) {
            root.add(imagingMeasurements(result, measured));
        }
        boolean reviewed = review.kind() != HumanReview.Kind.NONE;
        if (!qualitative.isEmpty() || measured.isEmpty() || reviewed) {
            Attributes evaluations = qualitativeEvaluations(result, qualitative);
            if (reviewed) {
                // who stands behind the result, in words a reader of the SR sees: an approval (the
                // header's Verifying Observer says it too, when the document may be VERIFIED) or a
                // release nobody reviewed. A TEXT directly in this container, as for row 14.
                children(evaluations).add(ContentItems.text(CONTAINS, SrCodes.COMMENT, review.statement()));
            }
            root.add(evaluations);
        }
    }

    /**
     * TID 1500 row 3, TID 1001: the algorithm is the observer, a Device (TID 1002 row 1, TID 1004 rows
     * 1-4). Its Device Observer UID is derived from the algorithm and its version, the same in every
     * report it makes.
     */
    private void observerContext(List<Attributes> root, AlgorithmResult result) {
        root.add(ContentItems.code(HAS_OBS_CONTEXT, SrCodes.OBSERVER_TYPE, SrCodes.DEVICE));
        root.add(ContentItems.uidRef(HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_UID,
                uids.derive("device-observer", result.algorithmId(), result.reportedVersion())));
        root.add(ContentItems.text(HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_NAME, result.reportedName()));
        root.add(ContentItems.text(HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_MANUFACTURER,
                result.device().manufacturer()));
        root.add(ContentItems.text(HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_MODEL_NAME,
                result.device().modelName()));
    }

    /** TID 1600: one Image Library Group per source series, one IMAGE entry (TID 1601) per instance. */
    private static Attributes imageLibrary(Map<String, List<SourceInstance>> bySeries) {
        Attributes library = ContentItems.container(CONTAINS, SrCodes.IMAGE_LIBRARY);
        List<Attributes> groups = children(library);
        for (List<SourceInstance> series : bySeries.values()) {
            Attributes group = ContentItems.container(CONTAINS, SrCodes.IMAGE_LIBRARY_GROUP);
            groups.add(group);
            List<Attributes> entries = children(group);
            for (SourceInstance instance : series) {
                entries.add(ContentItems.image(CONTAINS, null, instance.sopClassUid(), instance.sopInstanceUid(),
                        List.of()));
            }
        }
        return library;
    }

    /** TID 1500 row 6: "Imaging Measurements", TID 4019 and one TID 1501 group per measured finding. */
    private Attributes imagingMeasurements(AlgorithmResult result, List<Finding> measured) {
        Attributes container = ContentItems.container(CONTAINS, SrCodes.IMAGING_MEASUREMENTS);
        List<Attributes> items = children(container);
        algorithmIdentification(items, result);
        int n = 0;
        for (Finding finding : measured) {
            n++;
            items.add(measurementGroup(result, finding, n));
        }
        return container;
    }

    /**
     * TID 1501 "Measurement and Qualitative Evaluation Group". Not TID 1410/1411: those are for a
     * region of interest drawn on the images (SCOORD, SCOORD3D or a segmentation, Type M in both), and
     * the normalised result carries sizes and the images they were seen on, not the region.
     */
    private Attributes measurementGroup(AlgorithmResult result, Finding finding, int n) {
        Attributes group = ContentItems.container(CONTAINS, SrCodes.MEASUREMENT_GROUP);
        List<Attributes> items = children(group);
        // rows 2-3 (TID 4108): a tracking identifier for people, a UID for machines
        items.add(ContentItems.text(HAS_OBS_CONTEXT, SrCodes.TRACKING_IDENTIFIER,
                "Finding " + n + ": " + finding.code().meaning()));
        items.add(ContentItems.uidRef(HAS_OBS_CONTEXT, SrCodes.TRACKING_UID,
                uids.derive("tracking", result.algorithmId(), result.studyInstanceUid(), Integer.toString(n))));
        // row 3b: what was found
        items.add(ContentItems.code(CONTAINS, SrCodes.FINDING, finding.code()));
        // row 6: where
        finding.bodySite().ifPresent(site -> items.add(ContentItems.code(HAS_CONCEPT_MOD, SrCodes.FINDING_SITE, site)));
        algorithmIdentification(items, result);
        // row 10: TID 300 measurements
        for (Measurement m : finding.measurements()) {
            items.add(ContentItems.num(CONTAINS, m.concept(), m.value(), SrCodes.unit(m.ucumUnit())));
        }
        finding.probability().ifPresent(p -> items.add(certainty(CONTAINS, p)));
        // a measured finding is there; anything else is said as a qualitative evaluation of the group
        // (an extension of TID 1501, which PixelMed reports as "not in template")
        if (finding.presence() != Presence.PRESENT) {
            items.add(ContentItems.code(CONTAINS, finding.code(), presence(finding.presence())));
        }
        // row 10b: the images the group rests on
        for (ImageReference ref : finding.references()) {
            items.add(ContentItems.image(CONTAINS, SrCodes.SOURCE, ref));
        }
        return group;
    }

    /**
     * TID 1500 row 12: "Qualitative Evaluations". Each finding is a CODE item (row 13) whose concept is
     * the finding and whose value its presence, with its site, its probability and the images it was
     * inferred from as children, and the algorithm (TID 4019). A result with no findings says so in
     * words (row 14). The children extend the template: PixelMed warns "not in template".
     */
    private static Attributes qualitativeEvaluations(AlgorithmResult result, List<Finding> findings) {
        Attributes container = ContentItems.container(CONTAINS, SrCodes.QUALITATIVE_EVALUATIONS);
        List<Attributes> items = children(container);
        // TID 4019 goes under each evaluation, not beside them: PixelMed takes a TEXT directly in this
        // container for row 14 and rejects a HAS CONCEPT MOD there
        for (Finding finding : findings) {
            Attributes evaluation = ContentItems.code(CONTAINS, finding.code(), presence(finding.presence()));
            items.add(evaluation);
            algorithmIdentification(children(evaluation), result);
            finding.bodySite().ifPresent(site -> children(evaluation).add(
                    ContentItems.code(HAS_CONCEPT_MOD, SrCodes.FINDING_SITE, site)));
            finding.probability().ifPresent(p -> children(evaluation).add(certainty(HAS_PROPERTIES, p)));
            for (ImageReference ref : finding.references()) {
                children(evaluation).add(ContentItems.image(INFERRED_FROM, null, ref));
            }
        }
        if (result.findings().isEmpty()) {
            Attributes none = ContentItems.text(CONTAINS, SrCodes.FINDING, noFindingText(result.status()));
            items.add(none);
            algorithmIdentification(children(none), result);
        }
        return container;
    }

    /** TID 4019 rows 1-2: the algorithm's name and version as the vendor reported them. */
    private static void algorithmIdentification(List<Attributes> items, AlgorithmResult result) {
        items.add(ContentItems.text(HAS_CONCEPT_MOD, SrCodes.ALGORITHM_NAME, result.reportedName()));
        items.add(ContentItems.text(HAS_CONCEPT_MOD, SrCodes.ALGORITHM_VERSION, result.reportedVersion()));
    }

    /** The probability in percent (CID 6048 "Certainty of Finding", UNITS %). */
    private static Attributes certainty(String relationship, double probability) {
        BigDecimal percent = BigDecimal.valueOf(probability).multiply(BigDecimal.valueOf(100));
        return ContentItems.num(relationship, SrCodes.CERTAINTY_OF_FINDING, percent, SrCodes.PERCENT);
    }

    private static Code presence(Presence presence) {
        return switch (presence) {
            case PRESENT -> SrCodes.PRESENT;
            case ABSENT -> SrCodes.ABSENT;
            case UNCERTAIN -> SrCodes.UNDETERMINED;
        };
    }

    private static String noFindingText(ResultStatus status) {
        return switch (status) {
            case NEGATIVE -> "No finding: the algorithm found none of what it looks for.";
            case INCONCLUSIVE -> "No finding reported: the algorithm could not decide.";
            case FAILED -> "No finding reported: the algorithm could not process the study.";
            case POSITIVE -> "Positive result without detail: the algorithm reported no individual finding.";
        };
    }
}
