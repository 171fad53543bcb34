package org.varde.gateway.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolIngestTest {
    @TempDir
    Path tmp;
    private IngestFixture fixture;
    private List<Path> study;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
        study = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 7, 3, 64));
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void storedInstanceIsInTheSpoolAndJournaledWithItsHeader() throws Exception {
        Path source = study.get(0);
        StoreRequest request = IngestFixture.requestFor(source);
        byte[] dataSet = IngestFixture.dataSet(source);

        assertEquals(Status.SUCCESS, fixture.store(request, dataSet, 16 * 1024));

        Attributes expected = header(source);
        String relative = expected.getString(Tag.StudyInstanceUID) + "/" + expected.getString(Tag.SeriesInstanceUID)
                + "/" + request.affectedSopInstanceUid() + ".dcm";
        assertEquals(List.of(relative), fixture.spoolFiles());
        Path stored = fixture.spool.root().resolve(relative);
        assertArrayEquals(dataSet, IngestFixture.dataSet(stored), "data set bytes are stored untouched");
        Attributes fmi = fmi(stored);
        assertEquals(IngestFixture.CALLING_AE, fmi.getString(Tag.SourceApplicationEntityTitle));
        assertEquals(request.affectedSopInstanceUid(), fmi.getString(Tag.MediaStorageSOPInstanceUID));

        InstanceRecord row = fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow();
        assertEquals(relative, row.spoolPath());
        assertEquals(expected.getString(Tag.PatientID), row.patientId());
        assertEquals(expected.getString(Tag.PatientName), row.patientName());
        assertEquals("CT", row.modality());
        assertEquals(expected.getString(Tag.AccessionNumber), row.accessionNumber());
        assertEquals(expected.getString(Tag.SeriesDescription), row.seriesDescription());
        assertEquals(String.join("\\", expected.getStrings(Tag.ImageType)), row.imageType());
        assertEquals(expected.getDouble(Tag.SliceThickness, -1), row.sliceThickness());
        assertEquals(UID.ExplicitVRLittleEndian, row.transferSyntaxUid());
        assertEquals(IngestFixture.CALLING_AE, row.callingAeTitle());
        assertEquals(Files.size(stored), row.byteCount());
        assertTrue(fixture.metrics.scrape().contains("varde_ingest_instances_total{calling_ae=\"TEST_SCU\"} 1.0"));
    }

    @Test
    void headerLongerThanTheMemoryCaptureIsReadOnFromTheFile() throws Exception {
        fixture.close();
        fixture = new IngestFixture(tmp.resolve("storage2"), 64);
        Path source = study.get(1);
        StoreRequest request = IngestFixture.requestFor(source);

        assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 1000));

        assertEquals(header(source).getString(Tag.PatientID),
                fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow().patientId());
    }

    @Test
    void sameInstanceTwiceIsStoredOnce() throws Exception {
        Path source = study.get(0);
        StoreRequest request = IngestFixture.requestFor(source);
        byte[] dataSet = IngestFixture.dataSet(source);

        assertEquals(Status.SUCCESS, fixture.store(request, dataSet, 8192));
        assertEquals(Status.SUCCESS, fixture.store(request, dataSet, 8192));

        assertEquals(1, fixture.spoolFiles().size());
        assertEquals(1, fixture.journal.journaledFiles().size());
        assertEquals(1, fixture.journal.studies(10).get(0).instanceCount());
    }

    @Test
    void unsafeAffectedSopInstanceUidIsRefusedAndNothingIsWritten() throws Exception {
        Path source = study.get(0);
        StoreRequest good = IngestFixture.requestFor(source);
        StoreRequest unsafe = IngestFixture.request(good.affectedSopClassUid(), "1.2.3/../../../etc/passwd",
                good.transferSyntaxUid());

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(unsafe, IngestFixture.dataSet(source), 8192));

        assertEquals(Status.CANNOT_UNDERSTAND, refused.status());
        assertEquals(List.of(), fixture.spoolFiles());
        assertTrue(fixture.journal.journaledFiles().isEmpty());
    }

    @Test
    void unsafeStudyUidInTheDataSetIsRefusedAndNothingIsWritten() throws Exception {
        String sopInstanceUid = UID.generate();
        Attributes dataSet = minimalCt(sopInstanceUid, "1.2.3.4/../../../../tmp/evil");
        Path file = tmp.resolve("evil.dcm");
        Part10.writeFile(file, dataSet, TransferSyntax.EXPLICIT_LE);

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(IngestFixture.requestFor(file), IngestFixture.dataSet(file), 8192));

        assertEquals(Status.CANNOT_UNDERSTAND, refused.status());
        assertEquals(List.of(), fixture.spoolFiles());
        assertTrue(fixture.journal.journaledFiles().isEmpty());
        assertFalse(Files.exists(tmp.resolve("tmp/evil")));
    }

    @Test
    void dataSetOfAnotherInstanceIsRefusedWithA900() throws Exception {
        Path source = study.get(0);
        StoreRequest other = IngestFixture.requestFor(study.get(1));

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(other, IngestFixture.dataSet(source), 8192));

        assertEquals(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, refused.status());
        assertEquals(List.of(), fixture.spoolFiles());
    }

    @Test
    void truncatedHeaderIsRefusedWithC000AndLeavesNoFile() throws Exception {
        Path source = study.get(0);
        byte[] truncated = Arrays.copyOf(IngestFixture.dataSet(source), 101);

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(IngestFixture.requestFor(source), truncated, 8192));

        assertEquals(Status.CANNOT_UNDERSTAND, refused.status());
        assertEquals(List.of(), fixture.spoolFiles());
    }

    @Test
    void journalFailureAnswersOutOfResources() throws Exception {
        Path source = study.get(0);
        fixture.journal.close();

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source), 8192));

        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertTrue(fixture.spoolFiles().stream().noneMatch(f -> f.startsWith(Spool.INCOMING)), "no temporary file left");
    }

    /**
     * The store the issue reported: its row is refused (a 70-character transfer syntax UID does not
     * fit the journal), A700 is answered, and the file that was already renamed into place goes
     * too, so the next start has nothing to stumble on.
     */
    @Test
    void instanceTheJournalRefusesIsAnsweredA700AndLeavesNoFile() throws Exception {
        Path source = study.get(0);
        StoreRequest good = IngestFixture.requestFor(source);
        StoreRequest longTs = IngestFixture.request(good.affectedSopClassUid(), good.affectedSopInstanceUid(),
                SpoolReconcilerTest.LONG_TS_UID);

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(longTs, IngestFixture.dataSet(source), 8192));

        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertEquals(List.of(), fixture.spoolFiles(), "no instance file and no temporary file");
        assertTrue(fixture.journal.journaledFiles().isEmpty());
    }

    /** A resend whose row is refused takes its file back, and the copy stored before is there again. */
    @Test
    void resendTheJournalRefusesLeavesTheEarlierCopyInPlace() throws Exception {
        Path source = study.get(0);
        StoreRequest good = IngestFixture.requestFor(source);
        assertEquals(Status.SUCCESS, fixture.store(good, IngestFixture.dataSet(source), 8192));
        String relative = fixture.journal.instance(good.affectedSopInstanceUid()).orElseThrow().spoolPath();
        byte[] stored = Files.readAllBytes(fixture.spool.resolve(relative));

        StoreRequest longTs = IngestFixture.request(good.affectedSopClassUid(), good.affectedSopInstanceUid(),
                SpoolReconcilerTest.LONG_TS_UID);
        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(longTs, IngestFixture.dataSet(source), 8192));

        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertEquals(List.of(relative), fixture.spoolFiles(), "the earlier copy only, no temporary file");
        assertArrayEquals(stored, Files.readAllBytes(fixture.spool.resolve(relative)), "the earlier copy, unchanged");
        assertEquals(good.transferSyntaxUid(),
                fixture.journal.instance(good.affectedSopInstanceUid()).orElseThrow().transferSyntaxUid());
    }

    /**
     * The same SOP Instance UID for another patient: answered success (the new copy is durably
     * quarantined, nothing is lost), the stored file and row untouched, the conflict counted and
     * logged with ids only.
     */
    @Test
    void resendForAnotherPatientIsQuarantinedAndTheStoredInstanceIsKept() throws Exception {
        assertConflictKeepsTheStoredInstance("(0010,0020)=OTHER-PATIENT-4711", "PatientID");
    }

    /** The same SOP Instance UID in another study: its file would land elsewhere, but it is still a conflict. */
    @Test
    void resendInAnotherStudyIsQuarantinedAndTheStoredInstanceIsKept() throws Exception {
        assertConflictKeepsTheStoredInstance("(0020,000d)=1.2.826.0.1.3680043.2.1143.999", "StudyInstanceUID");
    }

    private void assertConflictKeepsTheStoredInstance(String modification, String differing) throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger sinkLogger = (Logger) LoggerFactory.getLogger(SpoolingStoreSink.class);
        sinkLogger.addAppender(log);
        try {
            Path source = study.get(0);
            StoreRequest request = IngestFixture.requestFor(source);
            assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(source), 8192));
            InstanceRecord before = fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow();
            byte[] storedBytes = Files.readAllBytes(fixture.spool.resolve(before.spoolPath()));
            Path conflicting = modified(source, modification);

            assertEquals(Status.SUCCESS, fixture.store(request, IngestFixture.dataSet(conflicting), 8192),
                    "success: the new copy is kept, durably, in the quarantine");

            assertEquals(List.of(before.spoolPath()), fixture.spoolFiles(), "only the stored instance in the spool");
            assertArrayEquals(storedBytes, Files.readAllBytes(fixture.spool.resolve(before.spoolPath())),
                    "the stored instance is not replaced");
            assertEquals(before, fixture.journal.instance(request.affectedSopInstanceUid()).orElseThrow(),
                    "the journal row is not replaced");
            List<Quarantine.Item> items = fixture.quarantine.list();
            assertEquals(1, items.size());
            assertEquals(Quarantine.Reason.CONFLICT, items.get(0).reason());
            assertEquals(request.affectedSopInstanceUid(), items.get(0).sopInstanceUid());
            assertArrayEquals(IngestFixture.dataSet(conflicting), IngestFixture.dataSet(
                    fixture.quarantine.dir().resolve(items.get(0).id() + Quarantine.FILE_SUFFIX)), "the new copy, whole");
            assertTrue(fixture.metrics.scrape().contains("varde_ingest_conflicts_total 1.0"), "counted");
            List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            String warning = warnings.get(0);
            assertTrue(warning.contains(request.affectedSopInstanceUid()) && warning.contains(differing)
                    && warning.contains(items.get(0).id()), warning);
            assertFalse(warning.contains("OTHER-PATIENT") || warning.contains(before.patientId()), "no patient ID: " + warning);
        } finally {
            sinkLogger.detachAppender(log);
        }
    }

    /** A copy of {@code source} with one attribute changed by dcmtk's dcmodify. */
    private Path modified(Path source, String modification) throws Exception {
        Path copy = Files.copy(source, tmp.resolve("modified-" + source.getFileName()));
        Processes.Result result = Processes.run(List.of("dcmodify", "-nb", "-m", modification, copy.toString()), tmp);
        assertEquals(0, result.exitCode(), result.output());
        return copy;
    }

    @Test
    void storeAbortedMidWriteLeavesNoVisibleFile() throws Exception {
        Path large = StudyGenerator.generate(tmp.resolve("large"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 9, 1, 512))
                .get(0);
        byte[] dataSet = IngestFixture.dataSet(large);
        assertTrue(dataSet.length > 2 * SpoolingStoreSink.CHUNK);

        StoreSink sink = fixture.beginAndFeed(IngestFixture.requestFor(large), dataSet, dataSet.length - 1000);
        assertEquals(1, fixture.spoolFiles().size(), "the partial data set is in a temporary file");
        assertTrue(fixture.spoolFiles().get(0).startsWith(Spool.INCOMING + "/"), fixture.spoolFiles().toString());
        fixture.abort(sink);

        assertTrue(Poll.untilIo(Duration.ofSeconds(10), () -> fixture.spoolFiles().isEmpty()),
                "neither the temporary file nor an instance file remains: " + fixture.spoolFiles());
        assertTrue(fixture.journal.journaledFiles().isEmpty());
    }

    static Attributes minimalCt(String sopInstanceUid, String studyUid) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UID.generate());
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientID, VR.LO, "12345678901");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[64]);
        return ds;
    }

    static Attributes header(Path file) throws Exception {
        return DicomFiles.header(file);
    }

    static Attributes fmi(Path file) throws Exception {
        return DicomFiles.fileMetaInformation(file);
    }
}
