package org.varde.gateway.privacy;

import org.varde.dicom.data.UID;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pseudonym tables (V12): which replacement each original UID and patient got, per scope (the
 * algorithm). Replacements are random, never derived from the original, so only this store links
 * them. Several gateway nodes may pseudonymise the same study at once: an insert that meets the
 * other node's row reads that row, so both use the same replacement. Blocking JDBC.
 */
public final class PseudonymStore {
    /** PS3.15 E.3.6 leaves the offset to the implementation: between one month and ten years back. */
    static final int MIN_SHIFT_DAYS = 30;
    static final int MAX_SHIFT_DAYS = 3650;
    private static final int BATCH = 100;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PseudonymStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The replacement of each original UID in {@code scope}, created for the ones that have none yet. */
    public Map<String, String> replacements(String scope, Collection<String> originals) {
        try {
            Map<String, String> found = select(scope, "original_uid", "pseudonym_uid", originals);
            for (String original : originals) {
                if (!found.containsKey(original)) {
                    found.put(original, create(scope, original));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PrivacyException("cannot read or record UID pseudonyms for " + scope, e);
        }
    }

    /** The originals of the replacements among {@code pseudonyms} (others are not in the map). */
    public Map<String, String> originals(String scope, Collection<String> pseudonyms) {
        try {
            return select(scope, "pseudonym_uid", "original_uid", pseudonyms);
        } catch (SQLException e) {
            throw new PrivacyException("cannot read UID pseudonyms for " + scope, e);
        }
    }

    /** The replacement {@code original} already has in {@code scope}; never creates one. */
    public Optional<String> existingReplacement(String scope, String original) {
        try {
            return Optional.ofNullable(select(scope, "original_uid", "pseudonym_uid", List.of(original)).get(original));
        } catch (SQLException e) {
            throw new PrivacyException("cannot read UID pseudonyms for " + scope, e);
        }
    }

    /**
     * Which algorithm was given {@code pseudonymUid} and for which original, whatever the scope: for
     * the results stage, which sees a vendor's study UID before it knows the job. Replacements are
     * unique over all scopes (V12), so there is at most one.
     */
    public Optional<Pseudonym> find(String pseudonymUid) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT scope, original_uid FROM pseudonym_uids WHERE pseudonym_uid = ?",
                     pseudonymUid);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Pseudonym(rs.getString(1), rs.getString(2), pseudonymUid)) : Optional.empty();
        } catch (SQLException e) {
            throw new PrivacyException("cannot read UID pseudonyms", e);
        }
    }

    /** A replacement UID with its scope (the algorithm) and its original. */
    public record Pseudonym(String scope, String originalUid, String pseudonymUid) {
    }

    /** The patient's pseudonym in {@code scope}, created the first time. */
    public PatientPseudonym patient(String scope, String patientKey) {
        String key = Jdbc.bound(patientKey, 200);
        try {
            Optional<PatientPseudonym> existing = findPatient(scope, key);
            if (existing.isPresent()) {
                return existing.get();
            }
            PatientPseudonym created = new PatientPseudonym("VARDE-" + token(12),
                    -(MIN_SHIFT_DAYS + random.nextInt(MAX_SHIFT_DAYS - MIN_SHIFT_DAYS + 1)));
            try (Connection c = dataSource.getConnection()) {
                Jdbc.update(c, "INSERT INTO pseudonym_patients (scope, patient_key, pseudonym_id, day_shift, created_at) "
                        + "VALUES (?, ?, ?, ?, ?)", scope, key, created.id(), created.dayShift(), clock.instant());
                return created;
            } catch (SQLException e) {
                if (Jdbc.isDuplicate(e)) {
                    return findPatient(scope, key).orElseThrow(() -> new PrivacyException("patient pseudonym lost", e));
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new PrivacyException("cannot read or record a patient pseudonym for " + scope, e);
        }
    }

    private Optional<PatientPseudonym> findPatient(String scope, String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, "SELECT pseudonym_id, day_shift FROM pseudonym_patients "
                     + "WHERE scope = ? AND patient_key = ?", scope, key);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new PatientPseudonym(rs.getString(1), rs.getInt(2))) : Optional.empty();
        }
    }

    private String create(String scope, String original) throws SQLException {
        String replacement = UID.generate();
        try (Connection c = dataSource.getConnection()) {
            Jdbc.update(c, "INSERT INTO pseudonym_uids (scope, original_uid, pseudonym_uid, created_at) VALUES (?, ?, ?, ?)",
                    scope, original, replacement, clock.instant());
            return replacement;
        } catch (SQLException e) {
            if (!Jdbc.isDuplicate(e)) {
                throw e;
            }
            String other = select(scope, "original_uid", "pseudonym_uid", List.of(original)).get(original);
            if (other == null) {
                throw e;
            }
            return other;
        }
    }

    private Map<String, String> select(String scope, String keyColumn, String valueColumn, Collection<String> keys)
            throws SQLException {
        Map<String, String> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                Object[] values = new Object[chunk.size() + 1];
                values[0] = scope;
                for (int i = 0; i < chunk.size(); i++) {
                    values[i + 1] = chunk.get(i);
                }
                // the column names are two constants of this class, never input
                try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + keyColumn + ", " + valueColumn
                        + " FROM pseudonym_uids WHERE scope = ? AND " + keyColumn + " IN (" + marks + ")", values);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return found;
    }

    private String token(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
