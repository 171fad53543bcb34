package org.varde.gateway.cleaner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The purge of one claimed study, in steps that a crash may cut anywhere and a later run finishes:
 * <ol>
 *   <li>at the hard limit only: the study's unfinished jobs end DISCARDED and its unfinished deliveries
 *       DEAD_LETTER, each with the reason in its history (one transaction; nothing can be sent any more
 *       without the images, and nobody should wait for it);</li>
 *   <li>the files: the instances and the vendors' result objects not yet purged, and the folders they
 *       leave empty, forced to disk ({@link Spool#removeAll});</li>
 *   <li>one transaction: identity columns cleared and rows marked purged, the built FHIR and HL7 texts
 *       of the study's deliveries dropped, the patient's pseudonym mapping removed when no other held
 *       study of the patient needs it, the claim DONE with the counts, and the PURGE audit event.</li>
 * </ol>
 * Each step is idempotent: a file already gone is skipped, a row already cleared stays cleared, and
 * the claim row stays PURGING until the last step committed, so the next run repeats what is missing.
 */
public final class StudyPurge {
    private static final Logger LOG = LoggerFactory.getLogger(StudyPurge.class);
    private static final String FINAL_JOBS = Arrays.stream(JobState.values()).filter(JobState::isFinal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    /** The journal's identity columns; counts, UIDs, modality, sizes and times stay (docs/privacy.md). */
    static final List<String> IDENTITY_COLUMNS = List.of("patient_id", "patient_name", "patient_birth_date",
            "patient_sex", "patient_age", "accession_number", "study_description", "series_description",
            "institution_name", "station_name");
    private static final String HELD_INSTANCES = "FROM instances WHERE study_instance_uid = ? AND purged_at IS NULL "
            + "AND received_at <= ?";
    private static final String HELD_OBJECTS = "FROM result_objects WHERE purged_at IS NULL AND job_id IN "
            + "(SELECT id FROM jobs WHERE study_instance_uid = ?)";

    /** A point between the steps where a test makes the purge fail, as a crash would. */
    @FunctionalInterface
    public interface Interruption {
        Interruption NONE = study -> { };

        void afterFilesRemoved(String studyInstanceUid) throws IOException;
    }

    /** What one purge removed: rows marked, files deleted, bytes by the journal's count. */
    public record Removed(String studyInstanceUid, PurgeReason reason, int instances, int resultObjects, long bytes,
                          int filesDeleted, int jobsEnded, int deliveriesEnded) {
    }

    private final DataSource dataSource;
    private final Spool spool;
    private final PurgeClaims claims;
    private final AuditLog audit;
    private final Clock clock;
    private final String node;
    private final Interruption interruption;

    public StudyPurge(DataSource dataSource, Spool spool, PurgeClaims claims, AuditLog audit, Clock clock, String node,
                      Interruption interruption) {
        this.dataSource = dataSource;
        this.spool = spool;
        this.claims = claims;
        this.audit = audit;
        this.clock = clock;
        this.node = node;
        this.interruption = interruption;
    }

    /**
     * Runs every step of a claimed purge. Empty result (null) when the claim was lost to another node
     * meanwhile; throws when a step failed (the claim stays PURGING and is finished by a later run).
     */
    public Removed finish(PurgeClaims.Claim claim) throws SQLException, IOException {
        String study = claim.studyInstanceUid();
        int[] ended = claim.reason() == PurgeReason.HARD_LIMIT ? endUnfinishedWork(claim) : new int[]{0, 0};
        int deleted = spool.removeAll(heldFiles(claim));
        interruption.afterFilesRemoved(study);
        Removed removed = Jdbc.transaction(dataSource, c -> clearAndRecord(c, claim, deleted, ended));
        if (removed != null) {
            LOG.info("study {} purged ({}): {} instances, {} result objects, {} bytes; {} jobs and {} deliveries ended",
                    study, claim.reason(), removed.instances(), removed.resultObjects(), removed.bytes(),
                    ended[0], ended[1]);
        }
        return removed;
    }

    /** Step 1 (hard limit): ends what is still moving; {jobs ended, deliveries ended}. */
    private int[] endUnfinishedWork(PurgeClaims.Claim claim) throws SQLException {
        String why = "retention hard limit: the study's images are purged (" + claim.detail() + ")";
        Instant now = clock.instant();
        return Jdbc.transaction(dataSource, c -> {
            int jobs = 0;
            for (String[] job : rows(c, "SELECT id, state FROM jobs WHERE study_instance_uid = ? AND state NOT IN ("
                    + FINAL_JOBS + ")", claim.studyInstanceUid())) {
                // outside the job machine's operator edges on purpose: no operator replay can help a job
                // whose images are gone, so the cleaner ends it DISCARDED, with why, in its history
                if (Jdbc.update(c, "UPDATE jobs SET state = 'DISCARDED', last_error = ?, lease_owner = NULL, "
                        + "lease_expires_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND state = ?",
                        Jdbc.bound(why, 2000), now, job[0], job[1]) == 1) {
                    Jdbc.update(c, "INSERT INTO job_events (job_id, from_state, to_state, occurred_at, node, detail) "
                            + "VALUES (?, ?, 'DISCARDED', ?, ?, ?)", job[0], job[1], now, node, Jdbc.bound(why, 2000));
                    Jdbc.update(c, "DELETE FROM result_waits WHERE job_id = ?", job[0]);
                    Jdbc.update(c, "DELETE FROM rest_exchanges WHERE job_id = ?", job[0]);
                    Jdbc.update(c, "UPDATE usage_ledger SET result_status = 'NO_RESULT', result_at = ? "
                            + "WHERE job_id = ? AND result_status = 'PENDING'", now, job[0]);
                    jobs++;
                }
            }
            int deliveries = 0;
            for (String[] d : rows(c, "SELECT id, state FROM deliveries WHERE study_instance_uid = ? "
                    + "AND state IN ('PENDING', 'SENDING')", claim.studyInstanceUid())) {
                if (Jdbc.update(c, "UPDATE deliveries SET state = 'DEAD_LETTER', last_error = ?, lease_owner = NULL, "
                        + "lease_expires_at = NULL, updated_at = ?, finished_at = ?, version = version + 1 "
                        + "WHERE id = ? AND state = ?", Jdbc.bound(why, 2000), now, now, d[0], d[1]) == 1) {
                    Jdbc.update(c, "INSERT INTO delivery_events (delivery_id, at, from_state, to_state, node_id, detail) "
                            + "VALUES (?, ?, ?, 'DEAD_LETTER', ?, ?)", d[0], now, d[1], node, Jdbc.bound(why, 2000));
                    deliveries++;
                }
            }
            return new int[]{jobs, deliveries};
        });
    }

    /** Step 2's list: the spool paths of the study's instances and result objects not yet purged. */
    private List<String> heldFiles(PurgeClaims.Claim claim) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (String[] row : rows(c, "SELECT spool_path, spool_path " + HELD_INSTANCES, claim.studyInstanceUid(),
                    claim.startedAt())) {
                paths.add(row[0]);
            }
            for (String[] row : rows(c, "SELECT spool_path, spool_path " + HELD_OBJECTS, claim.studyInstanceUid())) {
                paths.add(row[0]);
            }
        }
        return paths;
    }

    /** Step 3: the journal keeps UIDs and counts only; the claim DONE and the audit event, all or nothing. */
    private Removed clearAndRecord(Connection c, PurgeClaims.Claim claim, int deleted, int[] ended)
            throws SQLException {
        String study = claim.studyInstanceUid();
        Instant now = clock.instant();
        long[] instances = countAndBytes(c, "SELECT COUNT(*), COALESCE(SUM(byte_count), 0) " + HELD_INSTANCES,
                study, claim.startedAt());
        long[] objects = countAndBytes(c, "SELECT COUNT(*), COALESCE(SUM(byte_count), 0) " + HELD_OBJECTS, study);
        forgetPseudonyms(c, study, claim.startedAt());
        String clear = IDENTITY_COLUMNS.stream().map(col -> col + " = NULL").collect(Collectors.joining(", "));
        Jdbc.update(c, "UPDATE instances SET " + clear + ", purged_at = ? " + HELD_INSTANCES.substring(
                "FROM instances ".length()), now, study, claim.startedAt());
        Jdbc.update(c, "UPDATE result_objects SET purged_at = ? WHERE purged_at IS NULL AND job_id IN "
                + "(SELECT id FROM jobs WHERE study_instance_uid = ?)", now, study);
        // the wire forms of finished deliveries (FHIR JSON, HL7 ER7) name the patient
        Jdbc.update(c, "UPDATE deliveries SET prepared_text = NULL WHERE study_instance_uid = ? "
                + "AND state IN ('DELIVERED', 'KEPT', 'DEAD_LETTER')", study);
        long bytes = instances[1] + objects[1];
        if (!claims.markDone(c, claim, node, now, (int) instances[0], (int) objects[0], bytes)) {
            LOG.info("purge of study {} taken over by another node; it finishes it", study);
            c.rollback();
            return null;
        }
        audit.appendIn(c, AuditEntry.of(Actor.system("cleaner on " + node), AuditAction.PURGE).study(study)
                .target("spool").detail(words(claim, instances, objects, ended)));
        return new Removed(study, claim.reason(), (int) instances[0], (int) objects[0], bytes, deleted, ended[0],
                ended[1]);
    }

    private static String words(PurgeClaims.Claim claim, long[] instances, long[] objects, int[] ended) {
        StringBuilder s = new StringBuilder().append("reason ").append(claim.reason()).append(": ")
                .append(claim.detail()).append("; removed ").append(instances[0]).append(" instances (")
                .append(instances[1]).append(" bytes) and ").append(objects[0]).append(" vendor result objects (")
                .append(objects[1]).append(" bytes); identity cleared from the journal");
        if (ended[0] > 0 || ended[1] > 0) {
            s.append("; ended ").append(ended[0]).append(" unfinished jobs (DISCARDED) and ").append(ended[1])
                    .append(" unfinished deliveries (DEAD_LETTER)");
        }
        return s.toString();
    }

    /**
     * The pseudonym rows that tie this study to its patient (V12): its UIDs' replacements, and the
     * patient's pseudonym unless another study of the same Patient ID still holds images (its vendor
     * results must still be re-identified). Read before the Patient ID is cleared.
     */
    private static void forgetPseudonyms(Connection c, String study, Instant startedAt) throws SQLException {
        Jdbc.update(c, "DELETE FROM pseudonym_uids WHERE original_uid = ? OR original_uid IN (SELECT series_instance_uid "
                + HELD_INSTANCES + ") OR original_uid IN (SELECT sop_instance_uid " + HELD_INSTANCES + ")",
                study, study, startedAt, study, startedAt);
        Jdbc.update(c, "DELETE FROM pseudonym_patients WHERE patient_key = ?", "study:" + study);
        for (String[] row : rows(c, "SELECT DISTINCT patient_id, patient_id " + HELD_INSTANCES
                + " AND patient_id IS NOT NULL", study, startedAt)) {
            String patientId = row[0];
            if (!rows(c, "SELECT study_instance_uid, sop_instance_uid FROM instances WHERE patient_id = ? "
                    + "AND purged_at IS NULL AND study_instance_uid <> ? FETCH FIRST 1 ROWS ONLY", patientId, study)
                    .isEmpty()) {
                continue;
            }
            // Pseudonymiser.patientKey: "<issuer>|<Patient ID>"; the journal has no issuer, so any issuer
            Jdbc.update(c, "DELETE FROM pseudonym_patients WHERE patient_key LIKE ? ESCAPE '!'",
                    "%|" + likeLiteral(patientId));
        }
    }

    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static long[] countAndBytes(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, sql, values); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static List<String[]> rows(Connection c, String sql, Object... values) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, sql, values); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        return rows;
    }
}
