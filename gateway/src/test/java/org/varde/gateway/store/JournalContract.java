package org.varde.gateway.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.gateway.config.StoreSettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every journal database must do the same way: run on embedded H2 and on PostgreSQL. */
abstract class JournalContract {
    private static final String STUDY = "1.2.826.0.1.3680043.10.543.7";
    private Journal journal;

    abstract StoreSettings settings() throws Exception;

    @BeforeEach
    void open() throws Exception {
        journal = JdbcJournal.open(settings());
    }

    @AfterEach
    void close() {
        journal.close();
    }

    static InstanceRecord instance(String sop, String study, String series, long bytes, Instant received) {
        return new InstanceRecord(sop, study, series, "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.1.2.1",
                "24047912345", "Bærentsen^Søren", "19790424", "M", "047Y", "A0001", "MR", "HEAD",
                "MR Caput", "T2 FLAIR", "ORIGINAL\\PRIMARY\\M\\NORM", null, null, "Synthetic Sjukehus",
                "MR01", "Synthetic", "MR_SCANNER", bytes, received, study + "/" + series + "/" + sop + ".dcm", false);
    }

    @Test
    void recordedInstanceReadsBackEqual() {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        InstanceRecord written = instance("1.2.3.1", STUDY, "1.2.3.10", 1234, received);
        journal.record(written);
        InstanceRecord read = journal.instance("1.2.3.1").orElseThrow();
        assertEquals(written, read);
        assertNull(read.sliceThickness());
    }

    @Test
    void resendReplacesTheRow() {
        Instant first = Instant.parse("2026-11-28T08:00:00Z");
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1000, first));
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 2000, first.plusSeconds(60)));
        assertEquals(1, journal.journaledFiles().size());
        assertEquals(2000, journal.instance("1.2.3.1").orElseThrow().byteCount());
    }

    @Test
    void overlongHeaderValuesAreCutToTheColumn() {
        InstanceRecord base = instance("1.2.3.1", STUDY, "1.2.3.10", 1, Instant.now());
        InstanceRecord longName = new InstanceRecord(base.sopInstanceUid(), base.studyInstanceUid(),
                base.seriesInstanceUid(), base.sopClassUid(), base.transferSyntaxUid(), base.patientId(),
                "Å".repeat(1000), base.patientBirthDate(), base.patientSex(), base.patientAge(),
                base.accessionNumber(), base.modality(), base.bodyPartExamined(), base.studyDescription(),
                base.seriesDescription(), base.imageType(), 2.5, base.viewPosition(), base.institutionName(),
                base.stationName(), base.manufacturer(), base.callingAeTitle(), base.byteCount(),
                base.receivedAt(), base.spoolPath(), false);
        journal.record(longName);
        InstanceRecord read = journal.instance("1.2.3.1").orElseThrow();
        assertEquals(400, read.patientName().length());
        assertEquals(2.5, read.sliceThickness());
    }

    @Test
    void nulsInHeaderValuesAreJournaledAsSpaces() {
        // some senders pad or separate values with NUL; PostgreSQL's text refuses it, H2's takes it
        InstanceRecord base = instance("1.2.3.1", STUDY, "1.2.3.10", 1, Instant.now());
        InstanceRecord nuls = new InstanceRecord(base.sopInstanceUid(), base.studyInstanceUid(),
                base.seriesInstanceUid(), base.sopClassUid(), base.transferSyntaxUid(), "ID\0X",
                "Nul\0Name^Kari", base.patientBirthDate(), base.patientSex(), base.patientAge(),
                base.accessionNumber(), base.modality(), "CHEST\0", "CT THORAX\0JUNK",
                base.seriesDescription(), base.imageType(), 2.5, base.viewPosition(), base.institutionName(),
                base.stationName(), base.manufacturer(), base.callingAeTitle(), base.byteCount(),
                base.receivedAt(), base.spoolPath(), false);
        journal.record(nuls);
        InstanceRecord read = journal.instance("1.2.3.1").orElseThrow();
        assertEquals("Nul Name^Kari", read.patientName());
        assertEquals("ID X", read.patientId());
        assertEquals("CT THORAX JUNK", read.studyDescription());
        assertEquals("CHEST ", read.bodyPartExamined());
    }

    @Test
    void missingMarksAreSetAndCleared() {
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1, Instant.now()));
        journal.record(instance("1.2.3.2", STUDY, "1.2.3.10", 1, Instant.now()));
        journal.markFilesMissing(List.of("1.2.3.1"));
        assertTrue(journal.instance("1.2.3.1").orElseThrow().fileMissing());
        assertFalse(journal.instance("1.2.3.2").orElseThrow().fileMissing());
        journal.markFilesMissing(List.of());
        assertFalse(journal.instance("1.2.3.1").orElseThrow().fileMissing());
    }

    @Test
    void studiesAreSummedUpNewestFirst() {
        Instant t = Instant.parse("2026-11-28T08:00:00Z");
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1, t));
        journal.record(instance("1.2.3.2", STUDY, "1.2.3.11", 1, t.plusSeconds(5)));
        journal.record(instance("1.2.4.1", "1.2.4", "1.2.4.10", 1, t.plusSeconds(10)));
        journal.markFilesMissing(List.of("1.2.3.2"));

        List<StudySummary> studies = journal.studies(10);
        assertEquals(List.of("1.2.4", STUDY), studies.stream().map(StudySummary::studyInstanceUid).toList());
        StudySummary older = studies.get(1);
        assertEquals(2, older.seriesCount());
        assertEquals(2, older.instanceCount());
        assertEquals(1, older.missingFileCount());
        assertEquals(t, older.firstReceived());
        assertEquals(t.plusSeconds(5), older.lastReceived());
        assertEquals(1, journal.studies(1).size());
    }

    @Test
    void instancesOfAStudyComeBySeries() {
        Instant t = Instant.parse("2026-11-28T08:00:00Z");
        journal.record(instance("1.2.3.3", STUDY, "1.2.3.11", 1, t));
        journal.record(instance("1.2.3.2", STUDY, "1.2.3.10", 1, t.plusSeconds(2)));
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1, t.plusSeconds(1)));
        assertEquals(List.of("1.2.3.1", "1.2.3.2", "1.2.3.3"),
                journal.instancesOfStudy(STUDY).stream().map(InstanceRecord::sopInstanceUid).toList());
        assertTrue(journal.instancesOfStudy("9.9.9").isEmpty());
    }

    @Test
    void workInTheSameTransactionCommitsWithTheRowAndReturnsItsResult() {
        Instant t = Instant.parse("2026-11-28T08:00:00Z");
        String seen = journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1, t), (c, r) -> {
            // the row is visible inside the transaction that the work shares
            try (var ps = c.prepareStatement("SELECT byte_count FROM instances WHERE sop_instance_uid = ?")) {
                ps.setString(1, r.sopInstanceUid());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? "row " + rs.getLong(1) : "no row";
                }
            }
        });
        assertEquals("row 1", seen);
        assertTrue(journal.instance("1.2.3.1").isPresent());
        // a resend through the same path updates the row
        journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 7, t), (c, r) -> null);
        assertEquals(7, journal.instance("1.2.3.1").orElseThrow().byteCount());
    }

    @Test
    void failingWorkLeavesNoRow() {
        assertThrows(JournalException.class, () -> journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1,
                Instant.now()), (c, r) -> {
            throw new java.sql.SQLException("the arrival cannot be recorded");
        }));
        assertTrue(journal.instance("1.2.3.1").isEmpty(), "the row went with the work's failure");
    }

    @Test
    void workThatLostARaceIsTriedAgainInAFreshTransaction() {
        int[] attempts = {0};
        String result = journal.record(instance("1.2.3.1", STUDY, "1.2.3.10", 1, Instant.now()), (c, r) -> {
            if (++attempts[0] < 3) {
                throw new java.sql.SQLException("changed meanwhile", "40001");
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(3, attempts[0]);
        assertEquals(1, journal.journaledFiles().size());
    }
}
