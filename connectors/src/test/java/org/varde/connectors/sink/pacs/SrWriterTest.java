package org.varde.connectors.sink.pacs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.dicom.Tid1500Reader;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SR says about the patient, the study, the vendor and itself, read back from the file. */
class SrWriterTest {
    @TempDir
    static Path dir;
    private static SampleResults.Source source;
    private static final SrWriter WRITER = new SrWriter(PacsWriterOptions.defaults("test-node", "0.1.0-test"));

    @BeforeAll
    static void generateSourceStudy() throws Exception {
        source = SampleResults.ctThorax(dir.resolve("source"), 21, "Doe^Jane");
    }

    @Test
    void resendOfTheSameResultVersionWritesTheSameInstanceByteForByte() throws Exception {
        AlgorithmResult result = SampleResults.measuredNodules(source);
        Path first = dir.resolve("first.dcm");
        Path again = dir.resolve("again.dcm");
        WRITER.write(SampleResults.key("job-7", 1), result, source.study(), SampleResults.PRODUCED_AT).writeTo(first);
        WRITER.write(SampleResults.key("job-7", 1), result, source.study(), SampleResults.PRODUCED_AT).writeTo(again);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
    }

    @Test
    void aNewResultVersionIsANewInstanceInTheSameSeries() {
        AlgorithmResult result = SampleResults.measuredNodules(source);
        PacsObject v1 = WRITER.write(SampleResults.key("job-8", 1), result, source.study(), SampleResults.PRODUCED_AT);
        PacsObject v2 = WRITER.write(SampleResults.key("job-8", 2), result, source.study(), SampleResults.PRODUCED_AT);
        PacsObject otherJob = WRITER.write(SampleResults.key("job-9", 1), result, source.study(), SampleResults.PRODUCED_AT);
        assertNotEquals(v1.sopInstanceUid(), v2.sopInstanceUid());
        assertEquals(v1.seriesInstanceUid(), v2.seriesInstanceUid());
        assertNotEquals(v1.seriesInstanceUid(), otherJob.seriesInstanceUid());
        assertEquals("2", v2.dataSet().getString(Tag.InstanceNumber));
    }

    @Test
    void srIsFiledUnderTheSourcePatientAndStudyInASeriesOfItsOwnAndUnverified() throws Exception {
        Attributes sr = writeAndRead(SampleResults.measuredNodules(source), "filed.dcm");
        Attributes src = source.headers().get(0);
        assertEquals(UID.Comprehensive3DSR, sr.getString(Tag.SOPClassUID));
        assertEquals("Doe^Jane", sr.getString(Tag.PatientName));
        assertEquals(src.getString(Tag.PatientID), sr.getString(Tag.PatientID));
        assertEquals(src.getString(Tag.PatientBirthDate), sr.getString(Tag.PatientBirthDate));
        assertEquals(src.getString(Tag.StudyInstanceUID), sr.getString(Tag.StudyInstanceUID));
        assertEquals(src.getString(Tag.AccessionNumber), sr.getString(Tag.AccessionNumber));
        Set<String> sourceSeries = new HashSet<>();
        source.headers().forEach(h -> sourceSeries.add(h.getString(Tag.SeriesInstanceUID)));
        assertFalse(sourceSeries.contains(sr.getString(Tag.SeriesInstanceUID)));
        assertEquals("SR", sr.getString(Tag.Modality));
        assertEquals("UNVERIFIED", sr.getString(Tag.VerificationFlag));
        assertEquals("COMPLETE", sr.getString(Tag.CompletionFlag));
        assertEquals("PRELIMINARY", sr.getString(Tag.PreliminaryFlag));
        Attributes template = sr.getSequence(Tag.ContentTemplateSequence).get(0);
        assertEquals("1500", template.getString(Tag.TemplateIdentifier));
        assertEquals("DCMR", template.getString(Tag.MappingResource));
    }

    static final org.varde.connectors.sink.HumanReview APPROVED = org.varde.connectors.sink.HumanReview.approved(
            "Berg^Ingrid", "Varde University Hospital", java.time.Instant.parse("2026-12-01T11:42:07Z"));

    @Test
    void anApprovedResultIsVerifiedWithTheReviewerAsVerifyingObserver() throws Exception {
        Path file = dir.resolve("verified.dcm");
        WRITER.write(SampleResults.key("job-verified", 1), SampleResults.measuredNodules(source), source.study(),
                SampleResults.PRODUCED_AT, APPROVED).writeTo(file);
        Attributes sr = read(file);
        assertEquals("VERIFIED", sr.getString(Tag.VerificationFlag));
        assertEquals("FINAL", sr.getString(Tag.PreliminaryFlag));
        assertEquals(1, sr.getSequence(Tag.VerifyingObserverSequence).size());
        Attributes observer = sr.getSequence(Tag.VerifyingObserverSequence).get(0);
        assertEquals("Berg^Ingrid", observer.getString(Tag.VerifyingObserverName));
        assertEquals("Varde University Hospital", observer.getString(Tag.VerifyingOrganization));
        // the approval time in the zone of the SR's other dates, with its offset
        String expected = CompositeContext.dateTime(APPROVED.at().atZone(SampleResults.PRODUCED_AT.getZone()));
        assertEquals(expected, observer.getString(Tag.VerificationDateTime));
        assertTrue(expected.startsWith("20261201"), expected);
        // Type 2: present, empty (Varde has no coded identifier for the reviewer)
        assertTrue(observer.contains(Tag.VerifyingObserverIdentificationCodeSequence));
        assertEquals(0, observer.getSequence(Tag.VerifyingObserverIdentificationCodeSequence).size());
        Attributes comment = child(child(sr, "C0034375"), "121106");
        assertTrue(comment.getString(Tag.TextValue).contains("approved by Berg^Ingrid"), comment.getString(Tag.TextValue));
    }

    @Test
    void anApprovedPartialResultStaysUnverifiedButSaysWhoApprovedIt() throws Exception {
        Path file = dir.resolve("partial-approved.dcm");
        WRITER.write(SampleResults.key("job-partial", 1), SampleResults.inconclusive(source), source.study(),
                SampleResults.PRODUCED_AT, APPROVED).writeTo(file);
        Attributes sr = read(file);
        // PS3.3 C.17.2.1: only a COMPLETE document may be VERIFIED
        assertEquals("PARTIAL", sr.getString(Tag.CompletionFlag));
        assertEquals("UNVERIFIED", sr.getString(Tag.VerificationFlag));
        assertFalse(sr.contains(Tag.VerifyingObserverSequence));
        Attributes comment = child(child(sr, "C0034375"), "121106");
        assertTrue(comment.getString(Tag.TextValue).contains("approved by Berg^Ingrid"), comment.getString(Tag.TextValue));
    }

    @Test
    void aReleaseOnTimeoutStaysUnverifiedAndSaysSoInTheContent() throws Exception {
        Path file = dir.resolve("released.dcm");
        WRITER.write(SampleResults.key("job-released", 1), SampleResults.measuredNodules(source), source.study(),
                SampleResults.PRODUCED_AT, org.varde.connectors.sink.HumanReview.releasedOnTimeout(
                        java.time.Instant.parse("2026-12-01T12:00:00Z"), java.time.Duration.ofMinutes(45))).writeTo(file);
        Attributes sr = read(file);
        assertEquals("UNVERIFIED", sr.getString(Tag.VerificationFlag));
        assertEquals("PRELIMINARY", sr.getString(Tag.PreliminaryFlag));
        assertFalse(sr.contains(Tag.VerifyingObserverSequence));
        String text = child(child(sr, "C0034375"), "121106").getString(Tag.TextValue);
        assertTrue(text.contains("released without review") && text.contains("45 minutes"), text);
    }

    @Test
    void aReviewersNameIsMadeASafePersonName() {
        assertEquals("Berg^Ingrid", SrWriter.personName("Berg^Ingrid"));
        assertEquals("a b", SrWriter.personName("a\\b"));
        assertEquals("x", SrWriter.personName("x\n"));
        assertEquals("Reviewer", SrWriter.personName("  "));
        assertEquals(64, SrWriter.personName("n".repeat(100)).length());
    }

    @Test
    void contributingEquipmentNamesTheVendorsManufacturerModelAndVersionAsProcessingEquipment() throws Exception {
        Attributes sr = writeAndRead(SampleResults.pulmonaryEmbolism(source), "equipment.dcm");
        Attributes item = sr.getSequence(Tag.ContributingEquipmentSequence).get(0);
        assertEquals("Sandbox Imaging AB", item.getString(Tag.Manufacturer));
        assertEquals("LungNodule CT", item.getString(Tag.ManufacturerModelName));
        assertEquals("2.4.1", item.getString(Tag.SoftwareVersions));
        Attributes purpose = item.getSequence(Tag.PurposeOfReferenceCodeSequence).get(0);
        assertEquals("109102", purpose.getString(Tag.CodeValue));
        assertEquals("DCM", purpose.getString(Tag.CodingSchemeDesignator));
        assertEquals("Varde", sr.getString(Tag.Manufacturer));
    }

    @Test
    void evidenceAndRequestNameEverySourceInstanceAndTheOrder() throws Exception {
        Attributes sr = writeAndRead(SampleResults.negative(source), "evidence.dcm");
        Attributes study = sr.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
        assertEquals(source.study().studyInstanceUid(), study.getString(Tag.StudyInstanceUID));
        Set<String> referenced = new HashSet<>();
        for (Attributes series : study.getSequence(Tag.ReferencedSeriesSequence)) {
            for (Attributes sop : series.getSequence(Tag.ReferencedSOPSequence)) {
                referenced.add(sop.getString(Tag.ReferencedSOPInstanceUID));
            }
        }
        Set<String> expected = new HashSet<>();
        source.study().instances().forEach(i -> expected.add(i.sopInstanceUid()));
        assertEquals(expected, referenced);
        Attributes request = sr.getSequence(Tag.ReferencedRequestSequence).get(0);
        assertEquals("RP-1", request.getString(Tag.RequestedProcedureID));
        assertEquals("PL-77", request.getString(Tag.PlacerOrderNumberImagingServiceRequest));
        assertEquals("169069000", request.getSequence(Tag.RequestedProcedureCodeSequence).get(0)
                .getString(Tag.CodeValue));
    }

    @Test
    void aReferencedImageOutsideTheSentInstancesIsStillInTheEvidence() throws Exception {
        ImageReference elsewhere = new ImageReference("1.2.3.4.5", UID.CTImageStorage, "1.2.3.4.5.6", List.of(3));
        Finding f = new Finding(SampleResults.PE, Presence.PRESENT, Optional.empty(), List.of(), Optional.empty(),
                List.of(elsewhere));
        Attributes sr = writeAndRead(SampleResults.result(source, ResultStatus.POSITIVE, List.of(f), Optional.empty()),
                "elsewhere.dcm");
        boolean found = false;
        for (Attributes series : sr.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0)
                .getSequence(Tag.ReferencedSeriesSequence)) {
            found |= "1.2.3.4.5".equals(series.getString(Tag.SeriesInstanceUID));
        }
        assertTrue(found);
    }

    @Test
    void specificCharacterSetIsNoneForAsciiLatin1ForLatin1AndUtf8Otherwise() throws Exception {
        StudyContext s = source.study();
        StudyContext ascii = new StudyContext(new org.varde.connectors.result.SourceStudy(s.studyInstanceUid(),
                s.study().patientId(), Optional.empty(), Optional.of("Doe^Jane"), Optional.empty(), Optional.of("F"),
                Optional.of("A1"), Optional.of("CT thorax"), Optional.empty(), Optional.empty()), s.studyId(),
                s.studyDate(), s.studyTime(), "Smith^John", s.instances(), Optional.empty());
        Path file = dir.resolve("ascii.dcm");
        WRITER.write(SampleResults.key("job-ascii", 1), SampleResults.negative(source), ascii, SampleResults.PRODUCED_AT).writeTo(file);
        assertNull(read(file).getString(Tag.SpecificCharacterSet));
        SampleResults.Source latin1 = SampleResults.ctThorax(dir.resolve("l1"), 22, "Müller^Jürgen");
        Attributes l1 = writeAndRead(latin1, SampleResults.negative(latin1), "latin1.dcm");
        assertEquals("ISO_IR 100", l1.getString(Tag.SpecificCharacterSet));
        assertEquals("Müller^Jürgen", l1.getString(Tag.PatientName));
        SampleResults.Source utf8 = SampleResults.ctThorax(dir.resolve("u8"), 23, "Yamada^Tarou=山田^太郎");
        Attributes u8 = writeAndRead(utf8, SampleResults.negative(utf8), "utf8.dcm");
        assertEquals("ISO_IR 192", u8.getString(Tag.SpecificCharacterSet));
        assertEquals("Yamada^Tarou=山田^太郎", u8.getString(Tag.PatientName));
    }

    @Test
    void anInconclusiveResultIsPartialAndAnUncertainMeasuredFindingSaysUndetermined() throws Exception {
        Attributes sr = writeAndRead(SampleResults.inconclusive(source), "inconclusive.dcm");
        assertEquals("PARTIAL", sr.getString(Tag.CompletionFlag));
        assertEquals("The algorithm could not decide", sr.getString(Tag.CompletionFlagDescription));
        Attributes measurements = child(sr, "126010");
        Attributes group = child(measurements, "125007");
        Attributes presence = child(group, SampleResults.NODULE.value());
        assertEquals("373068000", presence.getSequence(Tag.ConceptCodeSequence).get(0).getString(Tag.CodeValue));
    }

    /** The first child content item whose concept name has this code value. */
    private static Attributes child(Attributes item, String codeValue) {
        for (Attributes c : item.getSequence(Tag.ContentSequence)) {
            if (codeValue.equals(c.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue))) {
                return c;
            }
        }
        throw new AssertionError("no content item " + codeValue);
    }

    @Test
    void aResultForAnotherStudyIsRefused() {
        AlgorithmResult elsewhere = new AlgorithmResult("a", "A", "1", SampleResults.DEVICE, "1.2.3.999",
                ResultStatus.NEGATIVE, List.of(), Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WRITER.write(SampleResults.key("job-x", 1), elsewhere, source.study(), SampleResults.PRODUCED_AT));
        assertTrue(e.getMessage().contains("1.2.3.999"), e.getMessage());
    }

    @Test
    void anImageReferenceWithAnUnsafeUidIsRefused() {
        ImageReference bad = new ImageReference("1.2.3", UID.CTImageStorage, "../../etc/passwd", List.of());
        Finding f = new Finding(SampleResults.PE, Presence.PRESENT, Optional.empty(), List.of(), Optional.empty(),
                List.of(bad));
        AlgorithmResult result = SampleResults.result(source, ResultStatus.POSITIVE, List.of(f), Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WRITER.write(SampleResults.key("job-y", 1), result, source.study(), SampleResults.PRODUCED_AT));
        assertTrue(e.getMessage().contains("sopInstanceUid"), e.getMessage());
    }

    static Attributes read(Path file) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File p10 = Part10.readHeader(in);
            return new DicomReader(in, p10.transferSyntax()).readDataSet();
        }
    }

    @Test
    void theSrVardeWritesReadsBackWithItsFindingsPresenceIncludingAbsent() throws Exception {
        AlgorithmResult written = SampleResults.unmeasured(source);
        AlgorithmResult read = Tid1500Reader.read(writeAndRead(written, "read-back.dcm"), written.algorithmId());
        assertEquals(List.of(Presence.PRESENT, Presence.ABSENT),
                read.findings().stream().map(Finding::presence).toList());
        assertEquals(written.findings().get(1).code().value(), read.findings().get(1).code().value());
        assertEquals(0.02, read.findings().get(1).probability().orElseThrow(), 1e-9);
        AlgorithmResult unsure = Tid1500Reader.read(writeAndRead(SampleResults.inconclusive(source), "unsure.dcm"),
                "lung-nodule-ct");
        assertEquals(List.of(Presence.UNCERTAIN), unsure.findings().stream().map(Finding::presence).toList());
        assertEquals(ResultStatus.INCONCLUSIVE, unsure.status());
    }

    private static Attributes writeAndRead(AlgorithmResult result, String name) throws Exception {
        return writeAndRead(source, result, name);
    }

    private static Attributes writeAndRead(SampleResults.Source from, AlgorithmResult result, String name)
            throws Exception {
        Path file = dir.resolve(name);
        WRITER.write(SampleResults.key("job-" + name, 1), result, from.study(), SampleResults.PRODUCED_AT).writeTo(file);
        return read(file);
    }
}
