package org.varde.gateway.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolReconcilerTest {
    @TempDir
    Path tmp;
    private IngestFixture fixture;
    private List<Path> study;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
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

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal).reconcile();

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

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal).reconcile();

        assertEquals(1, report.filesRejournaled());
        InstanceRecord row = fixture.journal.instance(header.getString(Tag.SOPInstanceUID)).orElseThrow();
        assertEquals(relative, row.spoolPath());
        assertEquals(header.getString(Tag.PatientID), row.patientId());
        assertEquals("MR", row.modality());
        assertEquals(Files.size(orphan), row.byteCount());
        assertEquals(3, fixture.journal.spoolPaths().size());
    }

    @Test
    void journalRowWithoutFileIsMarkedMissing() throws Exception {
        String sopUid = IngestFixture.requestFor(study.get(0)).affectedSopInstanceUid();
        Files.delete(fixture.spool.resolve(fixture.journal.instance(sopUid).orElseThrow().spoolPath()));

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal).reconcile();

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

        SpoolReconciler.Report report = new SpoolReconciler(fixture.spool, fixture.journal).reconcile();

        assertEquals(1, report.unreadableFiles());
        assertEquals(2, fixture.journal.spoolPaths().size());
    }
}
