package org.varde.connectors.algorithm.dicom;

import org.junit.jupiter.api.Test;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ResultStatus;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the reported algorithm version comes from: TID 4019 when the report has it, else the SR's own
 * Software Versions, since TID 1501 makes TID 4019 optional and a conformant report may leave it out.
 */
class Tid1500ReaderVersionTest {

    @Test
    void tid4019VersionIsTakenBeforeSoftwareVersions() throws Exception {
        Attributes sr = report(true);
        sr.setString(Tag.SoftwareVersions, VR.LO, "platform 9.9");
        assertEquals("3.2.0", Tid1500Reader.read(sr, "lung-nodules").reportedVersion());
    }

    @Test
    void withoutTid4019TheSrsSoftwareVersionsIsTheVersion() throws Exception {
        Attributes sr = report(false);
        sr.setString(Tag.SoftwareVersions, VR.LO, "3.2.0", "build 1187");
        AlgorithmResult result = Tid1500Reader.read(sr, "lung-nodules");
        assertEquals("3.2.0", result.reportedVersion());
        assertEquals(ResultStatus.POSITIVE, result.status(), "the measurement group is still read");
        assertEquals("27925004", result.findings().get(0).code().value());
    }

    @Test
    void aReportWithNoVersionAnywhereIsRefused() {
        UnusableResultException e = assertThrows(UnusableResultException.class,
                () -> Tid1500Reader.read(report(false), "lung-nodules"));
        assertTrue(e.getMessage().contains("(0018,1020)"), e.getMessage());
    }

    /** A minimal TID 1500 report: root, one measurement group with a finding, TID 4019 when asked. */
    private static Attributes report(boolean withAlgorithmIdentification) {
        Attributes sr = new Attributes().setString(Tag.ValueType, VR.CS, "CONTAINER")
                .setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.99");
        concept(sr, "126000", "DCM", "Imaging Measurement Report");
        java.util.List<Attributes> content = sr.newSequence(Tag.ContentSequence);
        if (withAlgorithmIdentification) {
            Attributes version = new Attributes().setString(Tag.RelationshipType, VR.CS, "HAS CONCEPT MOD")
                    .setString(Tag.ValueType, VR.CS, "TEXT").setString(Tag.TextValue, VR.UT, "3.2.0");
            concept(version, "111003", "DCM", "Algorithm Version");
            content.add(version);
        }
        Attributes measurements = new Attributes().setString(Tag.RelationshipType, VR.CS, "CONTAINS")
                .setString(Tag.ValueType, VR.CS, "CONTAINER");
        concept(measurements, "126010", "DCM", "Imaging Measurements");
        Attributes group = new Attributes().setString(Tag.RelationshipType, VR.CS, "CONTAINS")
                .setString(Tag.ValueType, VR.CS, "CONTAINER");
        concept(group, "125007", "DCM", "Measurement Group");
        Attributes finding = new Attributes().setString(Tag.RelationshipType, VR.CS, "CONTAINS")
                .setString(Tag.ValueType, VR.CS, "CODE");
        concept(finding, "121071", "DCM", "Finding");
        code(finding.newSequence(Tag.ConceptCodeSequence), "27925004", "SCT", "Nodule");
        group.newSequence(Tag.ContentSequence).add(finding);
        measurements.newSequence(Tag.ContentSequence).add(group);
        content.add(measurements);
        return sr;
    }

    private static void concept(Attributes item, String value, String scheme, String meaning) {
        code(item.newSequence(Tag.ConceptNameCodeSequence), value, scheme, meaning);
    }

    private static void code(java.util.List<Attributes> sequence, String value, String scheme, String meaning) {
        sequence.add(new Attributes().setString(Tag.CodeValue, VR.SH, value)
                .setString(Tag.CodingSchemeDesignator, VR.SH, scheme).setString(Tag.CodeMeaning, VR.LO, meaning));
    }
}
