package org.varde.gateway.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.data.Part10;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.store.InstanceRecord;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolReconcilerTest {
    @TempDir
    Path tmp;
    /** 70 characters: a transfer syntax UID longer than PS3.5 9.1 allows and than the journal's column. */
    static final String LONG_TS_UID = "1.2.840.10008.1.2.1." + "1".repeat(50);
    private IngestFixture fixture;
    private Quarantine quarantine;
    private List<Path> study;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
        quarantine = fixture.quarantine;
        study = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.MR_HEAD, 1, 3, 2, 32));
        for (Path file : study.subList(0, 2)) {
            assertEquals(Status.SUCCESS, fixture.store(IngestFixture.requestFor(file), IngestFixture.dataSet(file), 4096));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws Exception {
        Path leftover = Files.write(fixture.spool.incomingDir().resolve("crashed-store.part"), new byte[1000]);

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.temporaryFilesRemoved());
        assertFalse(Files.exists(leftover));
        assertEquals(2, report.instancesInSpool());
    }

    @Test
    void instanceFileWithoutJournalRowIsJournaledFromItsHeader() throws Exception {
        Path orphanSource = study.get(2);
        Attributes header = SpoolIngestTest.header(orphanSource);
        String relative = Spool.relativePath(header.getString(Tag.StudyInstanceUID),
                header.getString(Tag.SeriesInstanceUID), header.getString(Tag.SOPInstanceUID));
        Path orphan = fixture.spool.resolve(relative);
        Files.createDirectories(orphan.getParent());
        Files.copy(orphanSource, orphan);

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.filesRejournaled());
        InstanceRecord row = fixture.journal.instance(header.getString(Tag.SOPInstanceUID)).orElseThrow();
        assertEquals(relative, row.spoolPath());
        assertEquals(header.getString(Tag.PatientID), row.patientId());
        assertEquals("MR", row.modality());
        assertEquals(Files.size(orphan), row.byteCount());
        assertEquals(3, fixture.journal.journaledFiles().size());
    }

    /**
     * A resend of a stored instance replaces its spool file and is answered once the new file is
     * durable; its row waits for the group commit. A crash then leaves the new file under the old row:
     * the reconcile sees the file's size or time differ from the row's and journals it again.
     */
    @Test
    void resendWhoseRowACrashKeptFromTheJournalIsJournaledAgainFromTheNewFile() throws Exception {
        fixture.journal.journaledFiles(); // the first copies' rows are committed
        String sopUid = IngestFixture.requestFor(study.get(0)).affectedSopInstanceUid();
        InstanceRecord before = fixture.journal.instance(sopUid).orElseThrow();
        assertEquals(IngestFixture.CALLING_AE, before.callingAeTitle());
        // the resend: the same data set from another sender (same length of AE title, so the same size)
        Path resent = plant(before.spoolPath(), study.get(0), before.transferSyntaxUid(), "RESENT01");
        assertEquals(before.byteCount(), Files.size(resent), "same size: only the time tells the copies apart");
        Instant modified = before.receivedAt().plusSeconds(3);
        Files.setLastModifiedTime(resent, FileTime.from(modified));

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.filesRejournaled(), "the resent file only; the unchanged one keeps its row");
        assertEquals(0, report.filesQuarantined(), "the same path is no conflict");
        assertEquals(2, report.instancesInSpool());
        InstanceRecord after = fixture.journal.instance(sopUid).orElseThrow();
        assertEquals("RESENT01", after.callingAeTitle(), "the row describes the file now in the spool");
        assertEquals(modified, after.receivedAt());
        assertEquals(before.spoolPath(), after.spoolPath());

        SpoolReconciler.Report again = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();
        assertEquals(0, again.filesRejournaled(), "once the row matches its file, nothing to do");
    }

    @Test
    void journalRowWithoutFileIsMarkedMissing() throws Exception {
        String sopUid = IngestFixture.requestFor(study.get(0)).affectedSopInstanceUid();
        Files.delete(fixture.spool.resolve(fixture.journal.instance(sopUid).orElseThrow().spoolPath()));

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.rowsWithoutFile());
        assertTrue(fixture.journal.instance(sopUid).orElseThrow().fileMissing());
        assertEquals(1, fixture.journal.studies(10).get(0).missingFileCount());
        String present = IngestFixture.requestFor(study.get(1)).affectedSopInstanceUid();
        assertFalse(fixture.journal.instance(present).orElseThrow().fileMissing());
    }

    @Test
    void fileNotWhereItsUidsSayIsNotJournaled() throws Exception {
        Path misplaced = fixture.spool.resolve("1.2.3/4.5.6/7.8.9.dcm");
        Files.createDirectories(misplaced.getParent());
        Files.copy(study.get(2), misplaced);

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.filesQuarantined());
        assertEquals(2, fixture.journal.journaledFiles().size());
        assertFalse(Files.exists(misplaced), "moved out of the spool");
        assertEquals(Quarantine.Reason.MISPLACED, quarantine.list().get(0).reason());
    }

    /**
     * The reported failure: a spooled file whose transfer syntax UID (70 characters) the journal
     * refuses used to throw JournalException out of the reconcile, and the gateway did not start.
     */
    @Test
    void fileTheJournalRefusesIsQuarantinedWithItsReasonAndTheReconcileCompletes() throws Exception {
        Path source = study.get(2);
        Attributes header = SpoolIngestTest.header(source);
        String sopUid = header.getString(Tag.SOPInstanceUID);
        String relative = Spool.relativePath(header.getString(Tag.StudyInstanceUID),
                header.getString(Tag.SeriesInstanceUID), sopUid);
        Path planted = plant(relative, source, LONG_TS_UID, "PLANTED");

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.filesQuarantined());
        assertEquals(0, report.filesRejournaled());
        assertEquals(2, report.instancesInSpool());
        assertFalse(Files.exists(planted), "no longer in the spool");
        assertTrue(fixture.journal.instance(sopUid).isEmpty(), "not journaled");
        List<Quarantine.Item> items = quarantine.list();
        assertEquals(1, items.size());
        Quarantine.Item item = items.get(0);
        assertEquals(Quarantine.Reason.NOT_JOURNALED, item.reason());
        assertTrue(item.detail().contains("TRANSFER_SYNTAX_UID"), "says which value the journal refused: " + item.detail());
        assertFalse(item.detail().contains(header.getString(Tag.PatientID)), "no patient ID: " + item.detail());
        Path kept = quarantine.dir().resolve(item.id() + Quarantine.FILE_SUFFIX);
        assertArrayEquals(IngestFixture.dataSet(source), IngestFixture.dataSet(kept), "kept whole");
        assertTrue(Files.isRegularFile(quarantine.dir().resolve(item.id() + Quarantine.REASON_SUFFIX)));
        assertEquals(1, quarantine.count());
    }

    @Test
    void fileWithAnUnreadableHeaderIsQuarantined() throws Exception {
        Path garbage = fixture.spool.resolve("1.2.3/4.5.6/7.8.9.dcm");
        Files.createDirectories(garbage.getParent());
        Files.write(garbage, "not a DICOM file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal, quarantine).reconcile();

        assertEquals(1, report.filesQuarantined());
        assertFalse(Files.exists(garbage));
        assertEquals(Quarantine.Reason.UNREADABLE, quarantine.list().get(0).reason());
    }

    /** A Part 10 file at {@code relative} in the spool: the source's data set under a new File Meta Information. */
    private Path plant(String relative, Path source, String transferSyntaxUid, String sourceAe) throws Exception {
        Attributes fmi = DicomFiles.fileMetaInformation(source);
        Path file = fixture.spool.resolve(relative);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            Part10.writeFileMetaInformation(out, fmi.getString(Tag.MediaStorageSOPClassUID),
                    fmi.getString(Tag.MediaStorageSOPInstanceUID), transferSyntaxUid, sourceAe);
            out.write(IngestFixture.dataSet(source));
        }
        return file;
    }
}
