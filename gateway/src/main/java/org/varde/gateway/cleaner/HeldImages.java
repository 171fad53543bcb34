package org.varde.gateway.cleaner;

import org.varde.gateway.delivery.DeliveryState;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the spool holds, per study, read from the store: the instances and vendors' result objects not
 * yet purged, and whether the study is finished. Finished means: assembled (COMPLETE), every generation
 * handed to routing, no job outside a final state ({@link JobState#isFinal()}) and no delivery
 * unfinished; a study the assembler does not know is never finished (only the hard limit takes it).
 * A handful of grouped queries, whatever the number of studies. Blocking.
 */
public final class HeldImages {
    private static final String HELD = "SELECT study_instance_uid FROM instances WHERE purged_at IS NULL";
    private static final String FINAL_JOBS = Arrays.stream(JobState.values()).filter(JobState::isFinal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final String UNFINISHED_DELIVERIES = Arrays.stream(DeliveryState.values())
            .filter(s -> !s.isFinished()).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    private final DataSource dataSource;

    public HeldImages(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every study with an image held, in no particular order. */
    public List<HeldStudy> studies() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Held> held = new HashMap<>();
            readHeldInstances(c, held);
            readHeldResultObjects(c, held);
            if (held.isEmpty()) {
                return List.of();
            }
            Set<String> unfinished = unfinished(c);
            Map<String, Instant> complete = lastActivityOfCompleteStudies(c);
            List<HeldStudy> studies = new ArrayList<>(held.size());
            for (Held h : held.values()) {
                Instant finishedAt = unfinished.contains(h.study) ? null : complete.get(h.study);
                if (finishedAt != null && h.newest != null && h.newest.isAfter(finishedAt)) {
                    finishedAt = h.newest; // an image that came after the last move of the study's work
                }
                studies.add(new HeldStudy(h.study, h.oldest, h.instances, h.instanceBytes, h.objects, h.objectBytes,
                        finishedAt));
            }
            return studies;
        }
    }

    private static void readHeldInstances(Connection c, Map<String, Held> held) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT study_instance_uid, MIN(received_at), MAX(received_at), "
                + "COUNT(*), SUM(byte_count) FROM instances WHERE purged_at IS NULL GROUP BY study_instance_uid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Held h = held.computeIfAbsent(rs.getString(1), Held::new);
                h.seen(Jdbc.instant(rs, 2), Jdbc.instant(rs, 3));
                h.instances = rs.getInt(4);
                h.instanceBytes = rs.getLong(5);
            }
        }
    }

    private static void readHeldResultObjects(Connection c, Map<String, Held> held) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.study_instance_uid, MIN(o.received_at), "
                + "MAX(o.received_at), COUNT(*), SUM(o.byte_count) FROM result_objects o JOIN jobs j ON j.id = o.job_id "
                + "WHERE o.purged_at IS NULL GROUP BY j.study_instance_uid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Held h = held.computeIfAbsent(rs.getString(1), Held::new);
                h.seen(Jdbc.instant(rs, 2), Jdbc.instant(rs, 3));
                h.objects = rs.getInt(4);
                h.objectBytes = rs.getLong(5);
            }
        }
    }

    /** Studies with any work not final: assembling, not yet routed, a job or a delivery still moving. */
    private static Set<String> unfinished(Connection c) throws SQLException {
        Set<String> studies = new HashSet<>();
        collect(c, studies, "SELECT DISTINCT study_instance_uid FROM jobs WHERE state NOT IN (" + FINAL_JOBS + ")");
        collect(c, studies, "SELECT DISTINCT study_instance_uid FROM deliveries WHERE state IN ("
                + UNFINISHED_DELIVERIES + ")");
        collect(c, studies, "SELECT study_instance_uid FROM studies WHERE state <> 'COMPLETE'");
        collect(c, studies, "SELECT DISTINCT study_instance_uid FROM study_generations WHERE routed_at IS NULL");
        return studies;
    }

    /**
     * For each complete study with an image held: the last time anything of it moved (its last image,
     * completion and routing, its jobs' and deliveries' last change), from which the grace counts.
     */
    private static Map<String, Instant> lastActivityOfCompleteStudies(Connection c) throws SQLException {
        Map<String, Instant> last = new HashMap<>();
        latest(c, last, "SELECT study_instance_uid, last_received_at, completed_at FROM studies "
                + "WHERE state = 'COMPLETE' AND study_instance_uid IN (" + HELD + ")", true);
        Map<String, Instant> more = new HashMap<>();
        latest(c, more, "SELECT study_instance_uid, MAX(routed_at) FROM study_generations WHERE study_instance_uid IN ("
                + HELD + ") GROUP BY study_instance_uid", false);
        latest(c, more, "SELECT study_instance_uid, MAX(updated_at) FROM jobs WHERE study_instance_uid IN ("
                + HELD + ") GROUP BY study_instance_uid", false);
        latest(c, more, "SELECT study_instance_uid, MAX(updated_at) FROM deliveries WHERE study_instance_uid IN ("
                + HELD + ") GROUP BY study_instance_uid", false);
        more.forEach((study, at) -> last.computeIfPresent(study, (s, known) -> at.isAfter(known) ? at : known));
        return last;
    }

    private static void latest(Connection c, Map<String, Instant> into, String sql, boolean twoTimes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = Jdbc.instant(rs, 2);
                if (twoTimes) {
                    Instant other = Jdbc.instant(rs, 3);
                    at = at == null || (other != null && other.isAfter(at)) ? other : at;
                }
                if (at != null) {
                    into.merge(rs.getString(1), at, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
    }

    private static void collect(Connection c, Set<String> into, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /** One study's held images while they are summed up. */
    private static final class Held {
        final String study;
        Instant oldest;
        Instant newest;
        int instances;
        long instanceBytes;
        int objects;
        long objectBytes;

        Held(String study) {
            this.study = study;
        }

        void seen(Instant first, Instant last) {
            oldest = oldest == null || (first != null && first.isBefore(oldest)) ? first : oldest;
            newest = newest == null || (last != null && last.isAfter(newest)) ? last : newest;
        }
    }
}
