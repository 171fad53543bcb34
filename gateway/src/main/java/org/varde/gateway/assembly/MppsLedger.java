package org.varde.gateway.assembly;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.dimse.MppsResponse;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Performed procedure steps ({@code mpps}, {@code mpps_studies}, {@code mpps_references}; V3) and what
 * their final status does to their studies. A step is "settled" once its final status was acted on;
 * the conditional UPDATE of {@code settled_at} makes one node do it. Blocking: call from workers.
 */
final class MppsLedger {
    private static final Logger LOG = LoggerFactory.getLogger(MppsLedger.class);

    private final StudyLedger studies;

    MppsLedger(StudyLedger studies) {
        this.studies = studies;
    }

    /** @return false when a step with this UID exists (PS3.7 C.5: 0111 duplicate SOP instance) */
    boolean create(String uid, MppsStep step, String callingAe, Instant now) {
        try {
            Jdbc.transaction(studies.dataSource(), c -> {
                Jdbc.update(c, "INSERT INTO mpps (sop_instance_uid, status, calling_ae_title, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", uid, step.status(), Jdbc.bound(callingAe, 16), now, now);
                replaceStudies(c, uid, step.studyUids());
                replaceReferences(c, uid, step.references());
                return null;
            });
            LOG.info("MPPS {} created ({})", uid, step.status());
            return true;
        } catch (SQLException e) {
            if (Jdbc.isDuplicate(e)) {
                return false;
            }
            throw new AssemblyException("cannot store MPPS " + uid, e);
        }
    }

    /** An N-SET's effect: a refusal to answer, or the studies its final status completed. */
    record SetOutcome(Optional<MppsResponse> refusal, List<StudyCompleted> completed) {
        static SetOutcome refused(MppsResponse response) {
            return new SetOutcome(Optional.of(response), List.of());
        }
    }

    /**
     * PS3.7 10.1.3 / PS3.4 F.7.2.2: applies the modification list. The row is locked while it is read
     * and changed, so two N-SETs of one step (from two associations or nodes) apply one after the other.
     */
    SetOutcome set(String uid, Attributes modifications, Instant now, Duration grace) {
        SetOutcome outcome = apply(uid, modifications, now, grace);
        if (outcome.refusal().isEmpty() && outcome.completed().isEmpty() && MppsRules.COMPLETED.equals(
                status(uid).orElse(null))) {
            // An instance committed on another node while this N-SET counted the missing ones saw the
            // step still IN PROGRESS, so neither side completed the study. Counting again after the
            // commit closes that window: any arrival now either is counted here or sees COMPLETED.
            return new SetOutcome(Optional.empty(), settleIfWhole(uid, now));
        }
        return outcome;
    }

    private SetOutcome apply(String uid, Attributes modifications, Instant now, Duration grace) {
        try {
            return Jdbc.transaction(studies.dataSource(), c -> {
                Optional<String> current = lockedStatus(c, uid);
                if (current.isEmpty()) {
                    // PS3.7 C.5: 0112, an N-SET of an instance the SCP does not have
                    return SetOutcome.refused(MppsResponse.failure(Status.NO_SUCH_SOP_INSTANCE,
                            "no such MPPS instance"));
                }
                Optional<MppsResponse> refusal = MppsRules.refuseSet(current.get(), modifications);
                if (refusal.isPresent()) {
                    return SetOutcome.refused(refusal.get());
                }
                MppsStep step = MppsStep.of(modifications);
                replaceStudies(c, uid, step.studyUids());
                replaceReferences(c, uid, step.references());
                String status = step.status() == null ? current.get() : step.status();
                Jdbc.update(c, "UPDATE mpps SET status = ?, updated_at = ? WHERE sop_instance_uid = ?",
                        status, now, uid);
                LOG.info("MPPS {} set ({})", uid, status);
                return new SetOutcome(Optional.empty(), finalStatus(c, uid, status, now, grace));
            });
        } catch (SQLException e) {
            throw new AssemblyException("cannot update MPPS " + uid, e);
        }
    }

    /**
     * COMPLETED completes the studies once every referenced instance has arrived, or when the grace
     * runs out; DISCONTINUED completes them now (the acquisition stopped; what arrived is the study).
     */
    private List<StudyCompleted> finalStatus(Connection c, String uid, String status, Instant now, Duration grace)
            throws SQLException {
        if (MppsRules.DISCONTINUED.equals(status)) {
            return settle(c, uid, CompletionTrigger.MPPS_DISCONTINUED, now);
        }
        if (!MppsRules.COMPLETED.equals(status)) {
            return List.of();
        }
        Jdbc.update(c, "UPDATE mpps SET grace_deadline = ? WHERE sop_instance_uid = ?", now.plus(grace), uid);
        int missing = missingReferences(c, uid);
        if (missing > 0) {
            LOG.info("MPPS {} completed; waiting up to {} s for {} referenced instances", uid, grace.toSeconds(),
                    missing);
            return List.of();
        }
        return settle(c, uid, CompletionTrigger.MPPS_COMPLETED, now);
    }

    /** After an instance of {@code study} arrived: completes the study for each COMPLETED step now whole. */
    List<StudyCompleted> settleWaitingFor(String study, Instant now) {
        List<StudyCompleted> completed = new ArrayList<>();
        try {
            for (String uid : waitingSteps(study)) {
                completed.addAll(settleIfWhole(uid, now));
            }
            return completed;
        } catch (SQLException e) {
            throw new AssemblyException("cannot check the MPPS of study " + study, e);
        }
    }

    private List<StudyCompleted> settleIfWhole(String uid, Instant now) {
        try {
            return Jdbc.transaction(studies.dataSource(), c -> missingReferences(c, uid) == 0
                    ? settle(c, uid, CompletionTrigger.MPPS_COMPLETED, now) : List.of());
        } catch (SQLException e) {
            throw new AssemblyException("cannot check MPPS " + uid, e);
        }
    }

    /** COMPLETED steps whose grace ran out: their studies complete with what arrived. */
    List<StudyCompleted> settleDue(Instant now, int max) {
        List<StudyCompleted> completed = new ArrayList<>();
        try {
            for (String uid : strings("SELECT sop_instance_uid FROM mpps WHERE settled_at IS NULL "
                    + "AND grace_deadline <= ? ORDER BY grace_deadline FETCH FIRST " + max + " ROWS ONLY", now)) {
                completed.addAll(Jdbc.transaction(studies.dataSource(), c -> {
                    int missing = missingReferences(c, uid);
                    List<StudyCompleted> done = settle(c, uid, CompletionTrigger.MPPS_COMPLETED, now);
                    if (missing > 0 && !done.isEmpty()) {
                        LOG.warn("MPPS {}: {} referenced instances never arrived; its study completed after the grace",
                                uid, missing);
                    }
                    return done;
                }));
            }
            return completed;
        } catch (SQLException e) {
            throw new AssemblyException("cannot settle due MPPS", e);
        }
    }

    /** Marks the step settled (once, whichever node gets here first) and completes its studies. */
    private List<StudyCompleted> settle(Connection c, String uid, CompletionTrigger trigger, Instant now)
            throws SQLException {
        if (Jdbc.update(c, "UPDATE mpps SET settled_at = ? WHERE sop_instance_uid = ? AND settled_at IS NULL",
                now, uid) == 0) {
            return List.of();
        }
        List<StudyCompleted> completed = new ArrayList<>();
        for (String study : strings(c, "SELECT study_instance_uid FROM mpps_studies WHERE mpps_uid = ? "
                + "ORDER BY study_instance_uid", uid)) {
            // first trigger wins: a study already complete (idle, API) stays as it is
            studies.completeCurrent(c, study, trigger, now).ifPresent(completed::add);
        }
        return completed;
    }

    private static Optional<String> lockedStatus(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT status FROM mpps WHERE sop_instance_uid = ? FOR UPDATE",
                uid);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static int missingReferences(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT COUNT(*) FROM mpps_references r WHERE r.mpps_uid = ? "
                + "AND NOT EXISTS (SELECT 1 FROM study_arrivals a WHERE a.sop_instance_uid = r.sop_instance_uid)", uid);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> waitingSteps(String study) throws SQLException {
        return strings("SELECT m.sop_instance_uid FROM mpps m JOIN mpps_studies s ON s.mpps_uid = m.sop_instance_uid "
                + "WHERE s.study_instance_uid = ? AND m.status = 'COMPLETED' AND m.settled_at IS NULL", study);
    }

    /** PS3.7 10.1.3: a sequence in a modification list replaces the whole sequence. */
    private static void replaceStudies(Connection c, String uid, Set<String> studyUids) throws SQLException {
        if (studyUids == null) {
            return;
        }
        Jdbc.update(c, "DELETE FROM mpps_studies WHERE mpps_uid = ?", uid);
        for (String study : studyUids) {
            Jdbc.update(c, "INSERT INTO mpps_studies (mpps_uid, study_instance_uid) VALUES (?, ?)", uid, study);
        }
    }

    private static void replaceReferences(Connection c, String uid, List<MppsStep.Reference> references)
            throws SQLException {
        if (references == null) {
            return;
        }
        Jdbc.update(c, "DELETE FROM mpps_references WHERE mpps_uid = ?", uid);
        // an instance listed twice is one reference
        Map<String, MppsStep.Reference> distinct = new LinkedHashMap<>();
        references.forEach(r -> distinct.putIfAbsent(r.sopInstanceUid(), r));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mpps_references (mpps_uid, sop_instance_uid, "
                + "series_instance_uid) VALUES (?, ?, ?)")) {
            for (MppsStep.Reference r : distinct.values()) {
                ps.setString(1, uid);
                ps.setString(2, r.sopInstanceUid());
                ps.setString(3, r.seriesInstanceUid());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The step's status, or empty when unknown. */
    Optional<String> status(String uid) {
        try {
            List<String> found = strings("SELECT status FROM mpps WHERE sop_instance_uid = ?", uid);
            return found.stream().findFirst();
        } catch (SQLException e) {
            throw new AssemblyException("cannot read MPPS " + uid, e);
        }
    }

    private List<String> strings(String sql, Object... values) throws SQLException {
        try (Connection c = studies.dataSource().getConnection()) {
            return strings(c, sql, values);
        }
    }

    private static List<String> strings(Connection c, String sql, Object... values) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, sql, values); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }
}
