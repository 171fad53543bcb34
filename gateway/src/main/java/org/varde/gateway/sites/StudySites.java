package org.varde.gateway.sites;

import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The site each study was given when its first instance arrived (table {@code study_sites}, V16):
 * written once, never changed by a later config, so a month's figures stay what they were. The
 * first node to insert wins; the others meet the primary key and keep it. A small cache of the
 * studies already assigned spares the database a write per instance.
 */
public final class StudySites {
    private static final int CACHE = 4096;

    private final DataSource dataSource;
    private final Supplier<Sites> sites;
    private final Clock clock;
    private final Map<String, Boolean> assigned = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE;
        }
    };

    /** @param sites the {@code sites:} block in force (a reload swaps it) */
    public StudySites(DataSource dataSource, Supplier<Sites> sites, Clock clock) {
        this.dataSource = dataSource;
        this.sites = sites;
        this.clock = clock;
    }

    /** Gives the study its site unless it has one. Blocking; called on ingest's worker before the C-STORE is answered. */
    public void assign(String studyInstanceUid, String callingAeTitle, String institutionName) throws SQLException {
        synchronized (assigned) {
            if (assigned.containsKey(studyInstanceUid)) {
                return;
            }
        }
        SiteMatch match = sites.get().match(callingAeTitle, institutionName);
        try (Connection c = dataSource.getConnection()) {
            if (siteOf(c, studyInstanceUid).isEmpty()) {
                Jdbc.update(c, "INSERT INTO study_sites (study_instance_uid, site, matched_by, assigned_at) "
                        + "VALUES (?, ?, ?, ?)", studyInstanceUid, match.site(), match.by().name(), clock.instant());
            }
        } catch (SQLException e) {
            if (!Jdbc.isDuplicate(e)) {
                throw e;
            }
            // another node (or association) gave it first: its choice stands
        }
        synchronized (assigned) {
            assigned.put(studyInstanceUid, Boolean.TRUE);
        }
    }

    /** The study's site, or empty when no instance of it arrived since sites were recorded. */
    public Optional<String> siteOf(String studyInstanceUid) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return siteOf(c, studyInstanceUid);
        }
    }

    /** On the caller's connection (inside its transaction). */
    public static Optional<String> siteOf(Connection c, String studyInstanceUid) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT site FROM study_sites WHERE study_instance_uid = ?",
                studyInstanceUid); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
