package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the SR rests on: the source instances by series, and the request the study was made for. */
final class Evidence {
    private Evidence() {
    }

    /**
     * The source instances and every instance a finding references, by series in the order first
     * seen. PS3.3 C.17.2.3: every instance the content references must be in the evidence.
     */
    static Map<String, List<SourceInstance>> bySeries(StudyContext study, AlgorithmResult result) {
        Set<SourceInstance> all = new LinkedHashSet<>(study.instances());
        for (Finding finding : result.findings()) {
            for (ImageReference ref : finding.references()) {
                all.add(new SourceInstance(ref.seriesInstanceUid(), ref.sopClassUid(), ref.sopInstanceUid()));
            }
        }
        Map<String, List<SourceInstance>> bySeries = new LinkedHashMap<>();
        for (SourceInstance instance : all) {
            bySeries.computeIfAbsent(instance.seriesInstanceUid(), k -> new ArrayList<>()).add(instance);
        }
        return bySeries;
    }

    /** PS3.3 C.17.2.3 Current Requested Procedure Evidence Sequence (Hierarchical SOP Instance Reference Macro, C.17-3). */
    static void currentRequestedProcedure(Attributes ds, StudyContext study, AlgorithmResult result) {
        Map<String, List<SourceInstance>> bySeries = bySeries(study, result);
        if (bySeries.isEmpty()) {
            return;
        }
        Attributes studyItem = new Attributes();
        ds.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence).add(studyItem);
        List<Attributes> series = studyItem.newSequence(Tag.ReferencedSeriesSequence);
        for (Map.Entry<String, List<SourceInstance>> entry : bySeries.entrySet()) {
            Attributes seriesItem = new Attributes();
            series.add(seriesItem);
            List<Attributes> sops = seriesItem.newSequence(Tag.ReferencedSOPSequence);
            for (SourceInstance instance : entry.getValue()) {
                Attributes sop = new Attributes();
                sops.add(sop);
                sop.setString(Tag.ReferencedSOPClassUID, VR.UI, instance.sopClassUid());
                sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, instance.sopInstanceUid());
            }
            seriesItem.setString(Tag.SeriesInstanceUID, VR.UI, entry.getKey());
        }
        studyItem.setString(Tag.StudyInstanceUID, VR.UI, study.studyInstanceUid());
    }

    /**
     * PS3.3 C.17.2 Referenced Request Sequence (Type 1C, when the study was made for an order): the
     * order numbers and the requested procedure. Nothing when the source names no order.
     */
    static void referencedRequest(Attributes ds, StudyContext study) {
        if (study.requestedProcedure().isEmpty() && study.study().placerOrderNumber().isEmpty()
                && study.study().fillerOrderNumber().isEmpty()) {
            return;
        }
        RequestedProcedure procedure = study.requestedProcedure().orElse(new RequestedProcedure("", "",
                java.util.Optional.empty()));
        Attributes item = new Attributes();
        ds.newSequence(Tag.ReferencedRequestSequence).add(item);
        item.setString(Tag.AccessionNumber, VR.SH, study.accessionNumber());
        item.newSequence(Tag.ReferencedStudySequence); // Type 2: no Study SOP Class instance to name
        item.setString(Tag.RequestedProcedureDescription, VR.LO, procedure.description());
        if (procedure.code().isPresent()) {
            ContentItems.codeSequence(item, Tag.RequestedProcedureCodeSequence, procedure.code().get());
        } else {
            item.newSequence(Tag.RequestedProcedureCodeSequence); // Type 2: empty when not coded
        }
        item.setString(Tag.StudyInstanceUID, VR.UI, study.studyInstanceUid());
        item.setString(Tag.RequestedProcedureID, VR.SH, procedure.requestedProcedureId());
        item.setString(Tag.PlacerOrderNumberImagingServiceRequest, VR.LO, study.study().placerOrderNumber().orElse(""));
        item.setString(Tag.FillerOrderNumberImagingServiceRequest, VR.LO, study.study().fillerOrderNumber().orElse(""));
    }
}
