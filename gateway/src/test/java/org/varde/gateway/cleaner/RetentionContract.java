package org.varde.gateway.cleaner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.config.RetentionSettings;
import org.varde.gateway.config.StorageSettings;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Jdbc;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.MutableClock;
import org.varde.gateway.testing.TestDatabase;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention purge on every database, with a clock the test moves: a finished study stays through
 * its grace and then leaves no image file in the spool and no identity in the store; an unfinished one
 * stays until the hard limit, where its work is ended and it goes too; a purge cut short after its files
 * went is finished by the next run (a restart: a new cleaner on the same store); of two nodes one purges;
 * disk pressure takes finished studies oldest first and never an unfinished one. The spool folder and the
 * store's tables are inspected directly.
 */
abstract class RetentionContract {
    static final Duration GRACE = Duration.ofHours(24);
    static final Duration HARD_LIMIT = Duration.ofDays(7);
    static final RetentionSettings POLICY = new RetentionSettings(GRACE, HARD_LIMIT, Duration.ofMinutes(1), 0);
    private static final int INSTANCE_BYTES = 4096;

    @TempDir
    Path storage;
    JdbcJournal journal;
    DataSource dataSource;
    Spool spool;
    MutableClock clock;
    AuditLog audit;
    /** Bytes of the simulated file system the disk-pressure test counts free space on. */
    final AtomicLong capacity = new AtomicLong(-1);
    final AtomicLong pressureBelow = new AtomicLong(0);

    abstract TestDatabase emptyDatabase();

    @BeforeEach
    void open() throws Exception {
        TestDatabase db = emptyDatabase();
        journal = JdbcJournal.open(new StoreSettings(db.jdbcUrl(), db.user(), ""));
        dataSource = journal.dataSource();
        spool = Spool.open(new StorageSettings(storage, false, 0, StorageSettings.DEFAULT_MAX_INSTANCE_BYTES));
        // real time, truncated: instance files and rows are written now, and the clock only moves forward
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        audit = new AuditLog(dataSource, clock, "node-a", null);
    }

    @AfterEach
    void close() {
        journal.close();
        dropDatabase();
    }

    /** After the pool closed: a PostgreSQL schema is dropped. */
    void dropDatabase() {
    }

    Cleaner cleaner(String node, StudyPurge.Interruption interruption) {
        return new Cleaner(dataSource, spool, new AuditLog(dataSource, clock, node, null), () -> POLICY,
                pressureBelow::get, this::freeBytes, clock, node, interruption);
    }

    Cleaner cleaner() {
        return cleaner("node-a", StudyPurge.Interruption.NONE);
    }

    /** The simulated disk: capacity minus what the spool's files take. */
    private long freeBytes() {
        if (capacity.get() < 0) {
            return -1;
        }
        try {
            return capacity.get() - spoolBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aQuarantinedImageGoesAtTheHardLimitTooAndItsRemovalIsAudited() throws Exception {
        Quarantine quarantine = Quarantine.open(new StorageSettings(storage, false, 0,
                StorageSettings.DEFAULT_MAX_INSTANCE_BYTES));
        Path bad = Files.writeString(storage.resolve("unreadable.part"), "not DICOM, but maybe someone's pixels");
        Quarantine.Item item = quarantine.admit(bad, Quarantine.Reason.UNREADABLE, "test", null, "1.2.826.0.1.9");
        // a reason file whose image a crash already removed
        Files.writeString(quarantine.dir().resolve("orphan" + Quarantine.REASON_SUFFIX), "{}");
        Cleaner cleaner = cleaner();
        cleaner.alsoExpire(quarantine);

        clock.advance(HARD_LIMIT.minusMinutes(1));
        cleaner.runOnce();
        assertEquals(1, quarantine.count(), "within the hard limit the item is kept for inspection");

        clock.advance(Duration.ofMinutes(2));
        cleaner.runOnce();
        assertEquals(0, quarantine.count());
        try (var left = Files.list(quarantine.dir())) {
            assertEquals(List.of(), left.toList(), "no image and no reason file remains");
        }
        var purges = audit.forStudy("1.2.826.0.1.9").stream()
                .filter(e -> e.entry().action() == AuditAction.PURGE).toList();
        assertEquals(1, purges.size());
        assertTrue(purges.get(0).entry().detail().contains(item.id()), purges.get(0).entry().detail());
    }

    @Test
    void aFinishedStudyStaysThroughItsGraceAndThenLeavesNoImageAndNoIdentity() throws Exception {
        Study s = study("1.2.826.0.1.1", "PID-1", "Nordmann^Kari", 3);
        s.job("DONE");
        s.delivery("DELIVERED");
        s.resultObject();
        s.pseudonyms();
        Instant finished = clock.instant();

        clock.advance(GRACE.minusMinutes(1));
        assertTrue(cleaner().runOnce().purged().isEmpty(), "within the grace nothing goes");
        assertEquals(4, imageFiles().size(), "3 instances and the vendor's result object are still held");

        clock.advance(Duration.ofMinutes(2));
        Cleaner.Run run = cleaner().runOnce();
        assertEquals(1, run.purged().size());
        StudyPurge.Removed removed = run.purged().get(0);
        assertEquals(PurgeReason.GRACE_ELAPSED, removed.reason());
        assertEquals(3, removed.instances());
        assertEquals(1, removed.resultObjects());
        assertEquals(4L * INSTANCE_BYTES, removed.bytes());
        assertNoImageAndNoIdentity(s);
        assertEquals(3, count("SELECT COUNT(*) FROM instances WHERE study_instance_uid = ?", s.uid),
                "the journal keeps the rows: UIDs, counts and sizes");
        assertEquals(3L * INSTANCE_BYTES, count("SELECT SUM(byte_count) FROM instances WHERE study_instance_uid = ?",
                s.uid));
        AuditEvent purge = onlyPurgeEvent(s.uid);
        assertTrue(purge.entry().detail().contains("GRACE_ELAPSED"), purge.entry().detail());
        assertTrue(purge.entry().detail().contains("removed 3 instances (" + 3 * INSTANCE_BYTES + " bytes)"),
                purge.entry().detail());
        assertTrue(purge.entry().detail().contains(finished.toString()), "says since when the study was finished");
        assertTrue(audit.verify().intact(), "the purge event is a link of the chain");
        assertTrue(cleaner().runOnce().purged().isEmpty(), "a purged study is not purged again");
        assertEquals(1, purgeEvents(s.uid).size());
    }

    @Test
    void anUnfinishedStudyStaysUntilTheHardLimitWhereItsWorkEndsAndItsImagesGo() throws Exception {
        Study s = study("1.2.826.0.1.2", "PID-2", "Hansen^Ola", 2);
        String job = s.job("WAITING_RESULT");
        String delivery = s.delivery("PENDING");
        clock.advance(HARD_LIMIT.minusMinutes(1));
        assertTrue(cleaner().runOnce().purged().isEmpty(), "unfinished: the grace never starts");
        assertEquals(2, imageFiles().size());

        clock.advance(Duration.ofMinutes(2));
        StudyPurge.Removed removed = cleaner().runOnce().purged().get(0);
        assertEquals(PurgeReason.HARD_LIMIT, removed.reason());
        assertEquals(1, removed.jobsEnded());
        assertEquals(1, removed.deliveriesEnded());
        assertNoImageAndNoIdentity(s);
        assertEquals("DISCARDED", text("SELECT state FROM jobs WHERE id = ?", job));
        assertTrue(text("SELECT last_error FROM jobs WHERE id = ?", job).startsWith("retention hard limit"));
        assertEquals(1, count("SELECT COUNT(*) FROM job_events WHERE job_id = ? AND to_state = 'DISCARDED' "
                + "AND from_state = 'WAITING_RESULT'", job), "the job's history says why it ended");
        assertEquals("DEAD_LETTER", text("SELECT state FROM deliveries WHERE id = ?", delivery));
        AuditEvent purge = onlyPurgeEvent(s.uid);
        assertTrue(purge.entry().detail().contains("HARD_LIMIT"), purge.entry().detail());
        assertTrue(purge.entry().detail().contains("ended 1 unfinished jobs (DISCARDED) and 1 unfinished deliveries"),
                purge.entry().detail());
    }

    @Test
    void aStudyStillAssemblingIsNotFinishedAndOnlyTheHardLimitTakesIt() throws Exception {
        Study s = study("1.2.826.0.1.3", "PID-3", "Berg^Anne", 1);
        try (Connection c = connection()) {
            Jdbc.update(c, "UPDATE studies SET state = 'ASSEMBLING' WHERE study_instance_uid = ?", s.uid);
        }
        clock.advance(Duration.ofDays(6));
        assertTrue(cleaner().runOnce().purged().isEmpty());
        clock.advance(Duration.ofDays(1));
        assertEquals(PurgeReason.HARD_LIMIT, cleaner().runOnce().purged().get(0).reason());
        assertNoImageAndNoIdentity(s);
    }

    @Test
    void aPurgeCutShortAfterItsFilesWentIsFinishedByTheNextRun() throws Exception {
        Study s = study("1.2.826.0.1.4", "PID-4", "Lie^Per", 3);
        s.job("DONE");
        s.delivery("DELIVERED");
        s.resultObject();
        s.pseudonyms();
        clock.advance(GRACE.plusMinutes(1));
        Cleaner crashing = cleaner("node-a", study -> {
            throw new IOException("simulated crash between the file deletion and the journal");
        });
        Cleaner.Run cut = crashing.runOnce();
        assertEquals(List.of(s.uid), cut.failed());
        assertTrue(imageFiles().isEmpty(), "the files went before the crash");
        assertEquals("Lie^Per", text("SELECT MIN(patient_name) FROM instances WHERE study_instance_uid = ?", s.uid),
                "the crash came before the journal was cleared");
        assertEquals("PURGING", text("SELECT state FROM retention_purges WHERE study_instance_uid = ?", s.uid));
        assertTrue(purgeEvents(s.uid).isEmpty(), "no audit event for a purge not finished");

        // the restart: a new cleaner on the same store and spool, the same node, its first run
        Cleaner.Run resumed = cleaner().runOnce();
        assertEquals(1, resumed.purged().size());
        assertEquals(3, resumed.purged().get(0).instances(), "counts come from the journal, not the files deleted");
        assertEquals(0, resumed.purged().get(0).filesDeleted(), "nothing left to delete");
        assertNoImageAndNoIdentity(s);
        assertEquals("DONE", text("SELECT state FROM retention_purges WHERE study_instance_uid = ?", s.uid));
        assertEquals(1, purgeEvents(s.uid).size());
        assertTrue(audit.verify().intact());
    }

    @Test
    void aHardLimitPurgeCutShortIsFinishedWithItsOwnReasonByAnotherNodeOnceTheLeaseRanOut() throws Exception {
        Study s = study("1.2.826.0.1.5", "PID-5", "Dahl^Siri", 2);
        s.job("PENDING");
        clock.advance(HARD_LIMIT.plusMinutes(1));
        cleaner("node-a", study -> {
            throw new IOException("node-a dies after deleting the files");
        }).runOnce();
        assertEquals("DISCARDED", text("SELECT MIN(state) FROM jobs WHERE study_instance_uid = ?", s.uid),
                "the first step (ending the work) committed before the crash");

        assertTrue(cleaner("node-b", StudyPurge.Interruption.NONE).runOnce().purged().isEmpty(),
                "node-a's lease still runs: node-b leaves its purge alone");
        assertEquals("PURGING", text("SELECT state FROM retention_purges WHERE study_instance_uid = ?", s.uid));

        clock.advance(Cleaner.MIN_LEASE.plusSeconds(1));
        StudyPurge.Removed removed = cleaner("node-b", StudyPurge.Interruption.NONE).runOnce().purged().get(0);
        assertEquals(PurgeReason.HARD_LIMIT, removed.reason(), "finished with the reason it was decided for");
        assertNoImageAndNoIdentity(s);
        assertEquals("cleaner on node-b", onlyPurgeEvent(s.uid).entry().actor().name());
    }

    @Test
    void diskPressureTakesFinishedStudiesOldestFirstAndNeverAnUnfinishedOne() throws Exception {
        Study unfinished = study("1.2.826.0.2.0", "PID-20", "Vik^Eva", 2);
        unfinished.job("WAITING_RESULT");
        clock.advance(Duration.ofMinutes(1));
        Study oldest = finishedStudy("1.2.826.0.2.1", "PID-21", 2);
        clock.advance(Duration.ofMinutes(1));
        Study middle = finishedStudy("1.2.826.0.2.2", "PID-22", 2);
        clock.advance(Duration.ofMinutes(1));
        Study newest = finishedStudy("1.2.826.0.2.3", "PID-23", 2);
        clock.advance(Duration.ofMinutes(1));
        // 8 files of 4 KiB held, 8 KiB free, pressure below 20 KiB: each study frees 8 KiB, so two must go
        capacity.set(8L * INSTANCE_BYTES + 8L * 1024);
        pressureBelow.set(20L * 1024);

        Cleaner.Run run = cleaner().runOnce();
        assertEquals(List.of(oldest.uid, middle.uid), run.purged().stream().map(StudyPurge.Removed::studyInstanceUid)
                .toList(), "finished studies, oldest first, until the space is back");
        assertTrue(run.purged().stream().allMatch(r -> r.reason() == PurgeReason.DISK_PRESSURE));
        assertEquals(4, imageFiles().size());
        assertHeld(newest);
        assertHeld(unfinished);

        pressureBelow.set(1L << 40); // space never comes back: every finished study goes, the unfinished stays
        assertEquals(List.of(newest.uid), cleaner().runOnce().purged().stream()
                .map(StudyPurge.Removed::studyInstanceUid).toList());
        assertHeld(unfinished);
        assertTrue(onlyPurgeEvent(newest.uid).entry().detail().contains("DISK_PRESSURE"));
    }

    @Test
    void thePatientPseudonymStaysWhileAnotherStudyOfThePatientIsHeld() throws Exception {
        Study first = study("1.2.826.0.3.1", "PID-30", "Moe^Liv", 1);
        first.job("DONE");
        first.pseudonyms();
        clock.advance(Duration.ofHours(1));
        Study second = study("1.2.826.0.3.2", "PID-30", "Moe^Liv", 1);
        second.job("WAITING_RESULT");
        clock.advance(GRACE.plusMinutes(1));
        assertEquals(List.of(first.uid), cleaner().runOnce().purged().stream()
                .map(StudyPurge.Removed::studyInstanceUid).toList());
        assertEquals(1, count("SELECT COUNT(*) FROM pseudonym_patients WHERE patient_key = ?", "|PID-30"),
                "the second study's results must still be re-identified");
        assertEquals(0, count("SELECT COUNT(*) FROM pseudonym_uids WHERE original_uid = ?", first.uid));
    }

    @Test
    void anInstanceSentAgainAfterThePurgeIsHeldAgainAndPurgedAgain() throws Exception {
        Study s = finishedStudy("1.2.826.0.4.1", "PID-40", 2);
        clock.advance(GRACE.plusMinutes(1));
        assertEquals(1, cleaner().runOnce().purged().size());
        assertTrue(journal.journaledFiles().isEmpty(), "a purged row is nothing for the start-up reconcile to look for");
        s.instance(0, clock.instant()); // the modality sends it again
        assertEquals(1, journal.journaledFiles().size(), "journaled again: held again");
        clock.advance(GRACE.plusMinutes(1));
        StudyPurge.Removed again = cleaner().runOnce().purged().get(0);
        assertEquals(1, again.instances());
        assertNoImageAndNoIdentity(s);
        assertEquals(2, count("SELECT purges FROM retention_purges WHERE study_instance_uid = ?", s.uid));
    }

    // ---------------------------------------------------------------- assertions

    private void assertNoImageAndNoIdentity(Study s) throws Exception {
        assertEquals(List.of(), imageFiles(), "no image file anywhere below the spool");
        assertFalse(Files.exists(spool.root().resolve(s.uid)), "the study's folder is gone");
        for (String column : StudyPurge.IDENTITY_COLUMNS) {
            assertEquals(0, count("SELECT COUNT(*) FROM instances WHERE study_instance_uid = ? AND " + column
                    + " IS NOT NULL", s.uid), column + " cleared");
        }
        assertEquals(0, count("SELECT COUNT(*) FROM instances WHERE study_instance_uid = ? AND purged_at IS NULL",
                s.uid));
        assertEquals(0, count("SELECT COUNT(*) FROM deliveries WHERE study_instance_uid = ? AND prepared_text "
                + "IS NOT NULL", s.uid), "the FHIR/HL7 texts built for the study named the patient");
        assertEquals(0, count("SELECT COUNT(*) FROM result_objects o JOIN jobs j ON j.id = o.job_id "
                + "WHERE j.study_instance_uid = ? AND o.purged_at IS NULL", s.uid));
        assertEquals(0, count("SELECT COUNT(*) FROM pseudonym_patients WHERE patient_key = ?", "|" + s.patientId));
        assertEquals(0, count("SELECT COUNT(*) FROM pseudonym_uids WHERE original_uid = ?", s.uid));
        // and nowhere else a text column holds the name: every table, every row
        assertEquals(List.of(), tablesContaining(s.patientName), "the patient's name is in no table");
    }

    private void assertHeld(Study s) throws Exception {
        assertEquals(0, count("SELECT COUNT(*) FROM instances WHERE study_instance_uid = ? AND purged_at IS NOT NULL",
                s.uid));
        assertTrue(Files.isDirectory(spool.root().resolve(s.uid)));
        assertEquals(s.patientName, text("SELECT MIN(patient_name) FROM instances WHERE study_instance_uid = ?",
                s.uid));
        assertTrue(tablesContaining(s.patientName).contains("instances.patient_name")
                || tablesContaining(s.patientName).contains("INSTANCES.PATIENT_NAME"),
                "the search that proves a name gone finds a name held");
    }

    private AuditEvent onlyPurgeEvent(String study) throws SQLException {
        List<AuditEvent> events = purgeEvents(study);
        assertEquals(1, events.size(), "one PURGE event for " + study);
        AuditEvent event = events.get(0);
        assertNotNull(event.entry().detail());
        assertNull(event.entry().jobId());
        return event;
    }

    private List<AuditEvent> purgeEvents(String study) throws SQLException {
        return audit.forStudy(study).stream().filter(e -> e.entry().action().name().equals("PURGE")).toList();
    }

    /** Every regular file below the spool root (the temporary folder is empty in these tests). */
    List<Path> imageFiles() throws IOException {
        try (Stream<Path> files = Files.walk(spool.root())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private long spoolBytes() throws IOException {
        long bytes = 0;
        for (Path f : imageFiles()) {
            bytes += Files.size(f);
        }
        return bytes;
    }

    /** Tables with a character column holding {@code text} in any row, read from the store's own catalogue. */
    private List<String> tablesContaining(String text) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String type = rs.getString("TYPE_NAME").toLowerCase(java.util.Locale.ROOT);
                    if (type.contains("char") || type.contains("text")) {
                        columns.add(new String[]{rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            for (String[] col : columns) {
                if (col[0].toLowerCase(java.util.Locale.ROOT).startsWith("flyway")) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + col[0] + " WHERE "
                        + col[1] + " LIKE ?")) {
                    ps.setString(1, "%" + text + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- the store as the stages leave it

    private Study finishedStudy(String uid, String patientId, int instances) throws Exception {
        Study s = study(uid, patientId, "Patient^" + patientId, instances);
        s.job("DONE");
        s.delivery("DELIVERED");
        return s;
    }

    /** A complete, routed study of {@code n} instances received now: files in the spool, rows in the journal. */
    Study study(String uid, String patientId, String patientName, int n) throws Exception {
        Study s = new Study(uid, patientId, patientName);
        Instant now = clock.instant();
        for (int i = 0; i < n; i++) {
            s.instance(i, now);
        }
        try (Connection c = connection()) {
            Jdbc.update(c, "INSERT INTO studies (study_instance_uid, state, generation, first_received_at, "
                    + "last_received_at, completed_at, completion_trigger) VALUES (?, 'COMPLETE', 0, ?, ?, ?, 'IDLE')",
                    uid, now, now, now);
            Jdbc.update(c, "INSERT INTO study_generations (study_instance_uid, generation, completion_trigger, "
                    + "completed_at, handover_until, routed_at) VALUES (?, 0, 'IDLE', ?, ?, ?)", uid, now, now, now);
        }
        return s;
    }

    final class Study {
        final String uid;
        final String patientId;
        final String patientName;
        final List<String> jobs = new ArrayList<>();

        Study(String uid, String patientId, String patientName) {
            this.uid = uid;
            this.patientId = patientId;
            this.patientName = patientName;
        }

        void instance(int i, Instant receivedAt) throws IOException {
            String series = uid + ".1";
            String sop = uid + ".1." + (i + 1);
            String relative = Spool.relativePath(uid, series, sop);
            Path file = spool.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[INSTANCE_BYTES]);
            journal.record(new InstanceRecord(sop, uid, series, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                    patientId, patientName, "19570312", "F", "067Y", "ACC-" + patientId, "CT", "CHEST",
                    "CT thorax " + patientName, "axial", "ORIGINAL\\PRIMARY", 1.0, null, "Nordby sykehus", "CT01",
                    "ACME", "CT1", INSTANCE_BYTES, receivedAt, relative, false));
        }

        String job(String state) throws SQLException {
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            try (Connection c = connection()) {
                Jdbc.update(c, "INSERT INTO jobs (id, study_instance_uid, algorithm_id, route_name, mode, generation, "
                        + "idempotency_key, state, attempts, max_attempts, next_attempt_at, selected_series, created_at, "
                        + "updated_at) VALUES (?, ?, 'lung-nodules', 'ct-chest', 'clinical', 1, ?, ?, 0, 5, ?, '[]', ?, ?)",
                        id, uid, id, state, now, now, now);
                Jdbc.update(c, "INSERT INTO job_events (job_id, from_state, to_state, occurred_at, node, detail) "
                        + "VALUES (?, NULL, ?, ?, 'node-a', 'created')", id, state, now);
            }
            jobs.add(id);
            return id;
        }

        String delivery(String state) throws SQLException {
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            boolean done = state.equals("DELIVERED") || state.equals("KEPT") || state.equals("DEAD_LETTER");
            try (Connection c = connection()) {
                Jdbc.update(c, "INSERT INTO deliveries (id, result_id, result_version, job_id, study_instance_uid, "
                        + "algorithm_id, sink, mode, state, attempts, max_attempts, next_attempt_at, prepared_media_type, "
                        + "prepared_text, created_at, updated_at, version) VALUES (?, ?, 1, ?, ?, "
                        + "'lung-nodules', 'ris', 'CLINICAL', ?, 0, 5, ?, 'x-application/hl7-v2+er7', ?, ?, ?, 0)",
                        id, UUID.randomUUID().toString(), jobs.get(0), uid, state, now,
                        "MSH|^~\\&|VARDE\rPID|||" + patientId + "||" + patientName + "\r", now, now);
                if (done) {
                    Jdbc.update(c, "UPDATE deliveries SET finished_at = ? WHERE id = ?", now, id);
                }
            }
            return id;
        }

        void resultObject() throws IOException, SQLException {
            String sop = uid + ".9.1";
            String relative = Spool.RESULTS + "/" + jobs.get(0) + "/" + sop + Spool.INSTANCE_SUFFIX;
            Path file = spool.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[INSTANCE_BYTES]);
            try (Connection c = connection()) {
                Jdbc.update(c, "INSERT INTO result_objects (job_id, sop_class_uid, sop_instance_uid, media_type, "
                        + "spool_path, byte_count, calling_ae_title, received_at) VALUES (?, '1.2.840.10008.5.1.4.1.1.88.22', "
                        + "?, 'application/dicom', ?, ?, 'PULMOSPOT', ?)",
                        jobs.get(0), sop, relative, (long) INSTANCE_BYTES, clock.instant());
            }
        }

        void pseudonyms() throws SQLException {
            try (Connection c = connection()) {
                Jdbc.update(c, "INSERT INTO pseudonym_patients (scope, patient_key, pseudonym_id, day_shift, created_at) "
                        + "VALUES ('lung-nodules', ?, ?, 17, ?)", "|" + patientId, "VARDE-" + patientId, clock.instant());
                Jdbc.update(c, "INSERT INTO pseudonym_uids (scope, original_uid, pseudonym_uid, created_at) "
                        + "VALUES ('lung-nodules', ?, ?, ?)", uid, "2.25." + Math.abs(uid.hashCode()), clock.instant());
            }
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    long count(String sql, Object... values) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql, Object... values) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = Jdbc.prepare(c, sql, values);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
