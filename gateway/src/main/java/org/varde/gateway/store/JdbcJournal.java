package org.varde.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.config.StoreSettings;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static org.varde.gateway.store.Jdbc.bound;

/**
 * The journal on JDBC: embedded H2 by default, PostgreSQL later, one schema migrated by Flyway.
 * The SQL avoids vendor upserts (H2's MERGE, PostgreSQL's ON CONFLICT) so both run it unchanged.
 */
public final class JdbcJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJournal.class);
    // SQLSTATE 23505 unique_violation: the same in H2 and PostgreSQL.
    private static final String UNIQUE_VIOLATION = "23505";
    // SQLSTATE 40001 serialization_failure: what a transaction's work says when it lost a race
    public static final String SERIALIZATION_FAILURE = "40001";
    /** Attempts of one record with its work when concurrent changes keep getting in the way. */
    private static final int TRIES = 5;
    /** instances.patient_id (V1). */
    private static final int PATIENT_ID_COLUMN = 64;
    private static final String COLUMNS = "sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, "
            + "transfer_syntax_uid, patient_id, patient_name, patient_birth_date, patient_sex, patient_age, "
            + "accession_number, modality, body_part_examined, study_description, series_description, image_type, "
            + "slice_thickness, view_position, institution_name, station_name, manufacturer, calling_ae_title, "
            + "byte_count, received_at, spool_path, file_missing";
    private static final String INSERT = "INSERT INTO instances (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE instances SET study_instance_uid = ?, series_instance_uid = ?, "
            + "sop_class_uid = ?, transfer_syntax_uid = ?, patient_id = ?, patient_name = ?, patient_birth_date = ?, "
            + "patient_sex = ?, patient_age = ?, accession_number = ?, modality = ?, body_part_examined = ?, "
            + "study_description = ?, series_description = ?, image_type = ?, slice_thickness = ?, view_position = ?, "
            + "institution_name = ?, station_name = ?, manufacturer = ?, calling_ae_title = ?, byte_count = ?, "
            + "received_at = ?, spool_path = ?, file_missing = ?, purged_at = NULL WHERE sop_instance_uid = ?";

    private final HikariDataSource dataSource;
    /** Held by the thread committing; the others wait on it and then find their record committed. */
    private final ReentrantLock writer = new ReentrantLock();
    private final List<WaitingRecord> waiting = new ArrayList<>();
    /** Rows committed off the answer path ({@link #recordLater}). */
    private final DeferredCommits deferred;

    private JdbcJournal(HikariDataSource dataSource, Duration commitDelay) {
        this.dataSource = dataSource;
        this.deferred = new DeferredCommits(this::commitGroup, commitDelay);
    }

    /** Opens the pool and brings the schema up to date. Blocking. */
    public static JdbcJournal open(StoreSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.user());
        hikari.setPassword(settings.password());
        if (settings.sslModeOrNull() != null) {
            // store.sslmode: pgjdbc takes libpq's values as a connection property
            hikari.addDataSourceProperty("sslmode", settings.sslModeOrNull());
        }
        // one pool for the journal, the study assembler, routing decisions and the job store
        hikari.setMaximumPoolSize(16);
        hikari.setPoolName("varde-store");
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            // outOfOrder: version numbers are handed out ahead and land in any order (V37 landed before
            // V36); a store already at V37 must still take V36 instead of refusing to start. Each
            // migration touches only its own tables and columns, so their order does not matter.
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").outOfOrder(true)
                    .load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcJournal(dataSource, settings.commitDelay());
    }

    /**
     * Group commit: concurrent associations each wait here for a commit, so the one that gets the
     * writer commits every record waiting at that moment in one transaction, and the others find
     * theirs already done. One association alone pays exactly one INSERT and one commit, as before;
     * four pay about one commit per round instead of four (H2 writes a store chunk per commit).
     */
    @Override
    public void record(InstanceRecord instance) {
        record(instance, null);
    }

    /**
     * The same group commit, with the caller's {@code work} in the transaction: one commit for the row
     * and the study arrival instead of one each (on H2 each commit writes a store chunk).
     */
    @Override
    public <T> T record(InstanceRecord instance, SameTransaction<T> work) {
        WaitingRecord mine = new WaitingRecord(instance, work);
        synchronized (waiting) {
            waiting.add(mine);
        }
        writer.lock();
        try {
            if (!mine.done) {
                commitWaiting();
            }
        } finally {
            writer.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        @SuppressWarnings("unchecked") // mine.result is what this caller's own work returned
        T result = (T) mine.result;
        return result;
    }

    /**
     * Queued for the group commit off the caller's path ({@link DeferredCommits}); checked first against
     * the columns, so that a row the journal would refuse is refused now, while the store can still
     * answer an error, and never after its success was answered.
     */
    @Override
    public <T> void recordLater(InstanceRecord instance, SameTransaction<T> work, Committed<T> then) {
        requireFits(instance);
        deferred.add(new WaitingRecord(instance, work, then));
    }

    /** The key and UID columns are VARCHAR(64), the spool path 255 (V1); the other values are cut to fit. */
    static void requireFits(InstanceRecord r) {
        requireAtMost("SOP_INSTANCE_UID", r.sopInstanceUid(), 64);
        requireAtMost("STUDY_INSTANCE_UID", r.studyInstanceUid(), 64);
        requireAtMost("SERIES_INSTANCE_UID", r.seriesInstanceUid(), 64);
        requireAtMost("SOP_CLASS_UID", r.sopClassUid(), 64);
        requireAtMost("TRANSFER_SYNTAX_UID", r.transferSyntaxUid(), 64);
        requireAtMost("SPOOL_PATH", r.spoolPath(), 255);
    }

    private static void requireAtMost(String column, String value, int max) {
        if (value == null || value.length() > max) {
            throw new JournalException("cannot journal instance: value " + (value == null ? "missing" : "too long")
                    + " for column " + column, null);
        }
    }

    /** Under {@link #writer}: commits everything waiting. */
    private void commitWaiting() {
        List<WaitingRecord> batch;
        synchronized (waiting) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
        }
        commitBatch(batch);
    }

    /** One group (from the deferred committer, under {@link #writer}: one commit at a time). */
    private void commitGroup(List<WaitingRecord> batch) {
        writer.lock();
        try {
            commitBatch(batch);
        } finally {
            writer.unlock();
        }
    }

    /** Commits a group in one transaction; a group that fails is retried one by one. */
    private void commitBatch(List<WaitingRecord> batch) {
        if (batch.size() > 1) {
            try {
                recordAll(batch);
                batch.forEach(WaitingRecord::succeeded);
                return;
            } catch (SQLException | RuntimeException e) {
                // a duplicate inside the batch, a row another node inserted meanwhile, or one record's
                // work refused: one by one, so that only that record fails
                batch.forEach(r -> r.result = null);
            }
        }
        for (WaitingRecord r : batch) {
            try {
                if (r.work == null) {
                    recordOne(r.instance);
                } else {
                    r.result = recordWithWork(r);
                }
                r.succeeded();
            } catch (JournalException e) {
                r.failed(e);
            } catch (RuntimeException e) {
                r.failed(new JournalException("cannot journal instance " + r.instance.sopInstanceUid(), e));
            }
        }
    }

    /**
     * One record and its work in one transaction, tried again when a concurrent change got in the way
     * (the same instance inserted by another association or node, the study row moved under the
     * arrival). PostgreSQL aborts a transaction at its first failed statement, so the row is looked
     * up first rather than inserted and caught.
     */
    private Object recordWithWork(WaitingRecord r) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.transaction(dataSource, c -> {
                    boolean known = !existing(c, List.of(r)).isEmpty();
                    try (PreparedStatement ps = c.prepareStatement(known ? UPDATE : INSERT)) {
                        addBatch(ps, r.instance, known);
                        ps.executeBatch();
                    }
                    return r.work.run(c, r.instance);
                });
            } catch (SQLException e) {
                if (!retryable(e) || attempt == TRIES) {
                    throw new JournalException("cannot journal instance " + r.instance.sopInstanceUid(), e);
                }
            }
        }
    }

    /** 23505 unique_violation, 40001 serialization_failure (also the work's "changed meanwhile, try again"). */
    private static boolean retryable(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState());
    }

    /** One transaction: INSERT the new instances as a batch, UPDATE those sent before. */
    private void recordAll(List<WaitingRecord> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> known = existing(c, batch);
                try (PreparedStatement insert = c.prepareStatement(INSERT);
                     PreparedStatement update = c.prepareStatement(UPDATE)) {
                    for (WaitingRecord r : batch) {
                        addBatch(known.contains(r.instance.sopInstanceUid()) ? update : insert, r.instance,
                                known.contains(r.instance.sopInstanceUid()));
                    }
                    insert.executeBatch();
                    for (int count : update.executeBatch()) {
                        if (count != 1) {
                            throw new SQLException("instance row vanished during a group commit");
                        }
                    }
                }
                for (WaitingRecord r : batch) {
                    if (r.work != null) {
                        r.result = r.work.run(c, r.instance);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void addBatch(PreparedStatement ps, InstanceRecord r, boolean update) throws SQLException {
        if (update) {
            ps.setString(bindValues(ps, 1, r), r.sopInstanceUid());
        } else {
            ps.setString(1, r.sopInstanceUid());
            bindValues(ps, 2, r);
        }
        ps.addBatch();
    }

    private static Set<String> existing(Connection c, List<WaitingRecord> batch) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
        Set<String> known = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sop_instance_uid FROM instances WHERE sop_instance_uid IN (" + marks + ")")) {
            for (int i = 0; i < batch.size(); i++) {
                ps.setString(i + 1, batch.get(i).instance.sopInstanceUid());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        }
        return known;
    }

    private void recordOne(InstanceRecord instance) {
        try (Connection c = dataSource.getConnection()) {
            // a new instance is the common case: one INSERT; a resend falls back to UPDATE
            try {
                insert(c, instance);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || update(c, instance) == 0) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new JournalException("cannot journal instance " + instance.sopInstanceUid(), e);
        }
    }

    /**
     * A record waiting for the group commit; its outcome fields are written and read under
     * {@link #writer}, its queue fields under {@link DeferredCommits}' lock.
     */
    static final class WaitingRecord {
        final InstanceRecord instance;
        final SameTransaction<?> work;
        /** For a deferred record: told the work's result once committed; null otherwise. */
        final Committed<Object> then;
        Object result;
        boolean done;
        JournalException failure;
        long seq;
        long queuedNanos;
        long retryAtNanos;
        int attempts;

        WaitingRecord(InstanceRecord instance, SameTransaction<?> work) {
            this(instance, work, null);
        }

        @SuppressWarnings("unchecked") // then takes what this record's own work returns
        <T> WaitingRecord(InstanceRecord instance, SameTransaction<T> work, Committed<T> then) {
            this.instance = instance;
            this.work = work;
            this.then = (Committed<Object>) then;
        }

        void succeeded() {
            done = true;
        }

        void failed(JournalException e) {
            failure = e;
            done = true;
        }

        /** On the committer thread, once committed: the caller's step; its failure is logged, never thrown. */
        void afterCommit() {
            if (then == null) {
                return;
            }
            try {
                then.committed(result);
            } catch (RuntimeException e) {
                LOG.warn("the step after the journal commit of SOP Instance UID {} failed: {}",
                        instance.sopInstanceUid(), e.toString());
            }
        }
    }

    private static int update(Connection c, InstanceRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            int i = bindValues(ps, 1, r);
            ps.setString(i, r.sopInstanceUid());
            return ps.executeUpdate();
        }
    }

    private static void insert(Connection c, InstanceRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, r.sopInstanceUid());
            bindValues(ps, 2, r);
            ps.executeUpdate();
        }
    }

    /** Binds every column but the key, in {@link #COLUMNS} order; returns the next index. */
    private static int bindValues(PreparedStatement ps, int i, InstanceRecord r) throws SQLException {
        ps.setString(i++, r.studyInstanceUid());
        ps.setString(i++, r.seriesInstanceUid());
        ps.setString(i++, r.sopClassUid());
        ps.setString(i++, r.transferSyntaxUid());
        ps.setString(i++, patientIdAsJournaled(r.patientId()));
        ps.setString(i++, bound(r.patientName(), 400));
        ps.setString(i++, bound(r.patientBirthDate(), 16));
        ps.setString(i++, bound(r.patientSex(), 16));
        ps.setString(i++, bound(r.patientAge(), 16));
        ps.setString(i++, bound(r.accessionNumber(), 64));
        ps.setString(i++, bound(r.modality(), 16));
        ps.setString(i++, bound(r.bodyPartExamined(), 64));
        ps.setString(i++, bound(r.studyDescription(), 400));
        ps.setString(i++, bound(r.seriesDescription(), 400));
        ps.setString(i++, bound(r.imageType(), 400));
        if (r.sliceThickness() == null) {
            ps.setNull(i++, Types.DOUBLE);
        } else {
            ps.setDouble(i++, r.sliceThickness());
        }
        ps.setString(i++, bound(r.viewPosition(), 16));
        ps.setString(i++, bound(r.institutionName(), 400));
        ps.setString(i++, bound(r.stationName(), 64));
        ps.setString(i++, bound(r.manufacturer(), 64));
        ps.setString(i++, bound(r.callingAeTitle(), 16));
        ps.setLong(i++, r.byteCount());
        ps.setObject(i++, OffsetDateTime.ofInstant(r.receivedAt(), ZoneOffset.UTC));
        ps.setString(i++, r.spoolPath());
        ps.setBoolean(i++, r.fileMissing());
        return i;
    }

    /**
     * A Patient ID as the journal keeps it (cut to its column, a NUL as a space): what a received
     * object's Patient ID is compared with, so a long or NUL-separated one still names the same patient.
     */
    public static String patientIdAsJournaled(String patientId) {
        return bound(patientId, PATIENT_ID_COLUMN);
    }

    @Override
    public Optional<InstanceRecord> instance(String sopInstanceUid) {
        // a row still waiting for its group commit is what the journal will hold: no wait for it
        Optional<InstanceRecord> waitingRow = deferred.waiting(sopInstanceUid);
        if (waitingRow.isPresent()) {
            return waitingRow;
        }
        List<InstanceRecord> rows = query("SELECT " + COLUMNS + " FROM instances WHERE sop_instance_uid = ?",
                sopInstanceUid);
        return rows.stream().findFirst();
    }

    @Override
    public Map<String, JournaledFile> journaledFiles() {
        deferred.awaitQueued();
        Map<String, JournaledFile> files = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     // a purged instance has no file by design (cleaner): not missing, nothing to reconcile
                     "SELECT sop_instance_uid, spool_path, byte_count, received_at FROM instances "
                             + "WHERE purged_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                files.put(rs.getString(1), new JournaledFile(rs.getString(2), rs.getLong(3), instant(rs, 4)));
            }
            return files;
        } catch (SQLException e) {
            throw new JournalException("cannot list spool paths", e);
        }
    }

    @Override
    public void markFilesMissing(Collection<String> sopInstanceUids) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement clear = c.prepareStatement(
                    "UPDATE instances SET file_missing = FALSE WHERE file_missing = TRUE");
                 PreparedStatement mark = c.prepareStatement(
                         "UPDATE instances SET file_missing = TRUE WHERE sop_instance_uid = ?")) {
                clear.executeUpdate();
                for (String uid : sopInstanceUids) {
                    mark.setString(1, uid);
                    mark.addBatch();
                }
                mark.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalException("cannot mark missing files", e);
        }
    }

    @Override
    public List<StudySummary> studies(int limit) {
        deferred.awaitQueued();
        String sql = "SELECT study_instance_uid, MIN(patient_id), MIN(modality), MIN(accession_number), "
                + "COUNT(DISTINCT series_instance_uid), COUNT(*), "
                + "SUM(CASE WHEN file_missing THEN 1 ELSE 0 END), MIN(received_at), MAX(received_at) "
                + "FROM instances GROUP BY study_instance_uid ORDER BY MAX(received_at) DESC "
                + "FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
        List<StudySummary> studies = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                studies.add(new StudySummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7), instant(rs, 8), instant(rs, 9)));
            }
            return studies;
        } catch (SQLException e) {
            throw new JournalException("cannot list studies", e);
        }
    }

    @Override
    public List<InstanceRecord> instancesOfStudy(String studyInstanceUid) {
        deferred.awaitQueued();
        return query("SELECT " + COLUMNS + " FROM instances WHERE study_instance_uid = ? "
                + "ORDER BY series_instance_uid, received_at, sop_instance_uid", studyInstanceUid);
    }

    private List<InstanceRecord> query(String sql, String parameter) {
        List<InstanceRecord> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new JournalException("cannot read instances", e);
        }
    }

    private static InstanceRecord row(ResultSet rs) throws SQLException {
        double thickness = rs.getDouble(17);
        Double sliceThickness = rs.wasNull() ? null : thickness;
        return new InstanceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), sliceThickness, rs.getString(18), rs.getString(19),
                rs.getString(20), rs.getString(21), rs.getString(22), rs.getLong(23), instant(rs, 24),
                rs.getString(25), rs.getBoolean(26));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /**
     * The pool, migrated: the study assembler, the routing decisions and the job store share it, so a
     * gateway has one pool and one Flyway run. Closed by {@link #close()}.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        // the rows answered but not yet committed go in first
        deferred.close();
        dataSource.close();
    }
}
