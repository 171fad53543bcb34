package org.varde.gateway.assembly;

import org.junit.jupiter.api.Test;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.MppsRules;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What is read from an MPPS attribute list (PS3.3 C.4.13, C.4.14). */
class MppsStepTest {

    @Test
    void imageAndNonImageReferencesOfEverySeriesAreRead() {
        Attributes ds = StudyAssemblerContract.finalStep(MppsRules.COMPLETED, 1, 2);
        Attributes second = new Attributes(ds);
        second.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.2");
        Attributes report = new Attributes(second);
        report.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.22");
        report.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.2.1");
        second.newSequence(Tag.ReferencedNonImageCompositeSOPInstanceSequence).add(report);
        ds.getSequence(Tag.PerformedSeriesSequence).add(second);

        MppsStep step = MppsStep.of(ds);
        String series = Instances.study(1) + ".1";
        assertEquals(MppsRules.COMPLETED, step.status());
        assertEquals(List.of(new MppsStep.Reference(series, series + ".1"),
                new MppsStep.Reference(series, series + ".2"),
                new MppsStep.Reference("1.2.3.2", "1.2.3.2.1")), step.references());
        assertNull(step.studyUids(), "an N-SET without the scheduled steps leaves the studies as they are");
    }

    @Test
    void theStudiesComeFromTheScheduledStepAttributes() {
        Attributes ds = StudyAssemblerContract.inProgress(1);
        Attributes other = new Attributes(ds);
        other.setString(Tag.StudyInstanceUID, VR.UI, Instances.study(2));
        ds.getSequence(Tag.ScheduledStepAttributesSequence).add(other);
        MppsStep step = MppsStep.of(ds);
        assertEquals(Set.of(Instances.study(1), Instances.study(2)), step.studyUids());
        assertEquals(List.of(), step.references(), "an empty Performed Series Sequence references nothing");
        assertEquals(UID.ModalityPerformedProcedureStep, StudyAssemblerContract.MPPS);
    }
}
