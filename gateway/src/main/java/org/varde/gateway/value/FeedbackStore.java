package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditTrail;
import org.varde.gateway.sites.Sites;
import org.varde.gateway.sites.StudySites;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Radiologists' feedback on results (V17 {@code result_feedback}): each is a row naming who gave it,
 * kept with the result's algorithm, study, verdict, mode and site, so the figures need no join to
 * rows the purge may clear. Every feedback is an audit event.
 */
public final class FeedbackStore {
    public static final int MAX_FINDING = 400;
    public static final int MAX_COMMENT = 2000;
    /** {@code given_by} (V17). */
    private static final int MAX_GIVEN_BY = 256;
    /** SQL:2003 SQLSTATE of a unique constraint violation, as H2 and PostgreSQL report it. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final AuditTrail audit;
    private final Clock clock;

    public FeedbackStore(DataSource dataSource, AuditTrail audit, Clock clock) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.clock = clock;
    }

    /** The feedback as stored, or empty when there is no such result. Blocking. */
    public Optional<JsonObject> give(String resultId, Agreement agreement, String correctFinding, String comment,
                                     Actor by) throws SQLException {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<JsonObject> stored = Jdbc.transaction(dataSource,
                c -> insert(c, id, resultId, agreement, correctFinding, comment, by, now, null));
        stored.ifPresent(f -> audit.record(AuditEntry.of(by, AuditAction.FEEDBACK)
                .study(f.getString("studyInstanceUid")).job(f.getString("jobId"), f.getString("algorithm"))
                .detail(agreement.name() + " on a " + f.getString("verdict") + " result " + resultId)));
        return stored;
    }

    /**
     * Feedback the RIS sent as a FHIR resource: the row of {@code sourceRef} is replaced (same id, the
     * new word and time) when that resource was sent before, so a resend or an update never counts
     * twice; a new row otherwise. Blocking.
     *
     * @param sourceRef    what makes a resend the same ({@code <token> <resource key>}); null: always a new row
     * @param practitioner who the resource names as giving it; null when it names nobody
     * @return the feedback as stored and whether it is new; empty when there is no such result
     */
    public Optional<Taken> fromRis(String sourceRef, String resultId, Agreement agreement, String correctFinding,
                                   String comment, Actor ris, String practitioner) throws SQLException {
        String givenBy = Jdbc.bound(practitioner == null ? ris.name() : ris.name() + " for " + practitioner, MAX_GIVEN_BY);
        Instant now = clock.instant();
        Optional<Taken> taken;
        try {
            taken = replaceOrInsert(sourceRef, resultId, agreement, correctFinding, comment, ris, givenBy, now);
        } catch (SQLException e) {
            if (sourceRef == null || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // the same resource's first send, twice at once: the other one's row is there now, replace it
            taken = replaceOrInsert(sourceRef, resultId, agreement, correctFinding, comment, ris, givenBy, now);
        }
        taken.ifPresent(t -> audit.record(AuditEntry.of(ris, AuditAction.FEEDBACK)
                .study(t.feedback().getString("studyInstanceUid"))
                .job(t.feedback().getString("jobId"), t.feedback().getString("algorithm"))
                .detail(agreement.name() + " on a " + t.feedback().getString("verdict") + " result " + resultId
                        + " from the RIS" + (practitioner == null ? "" : ", given by " + practitioner)
                        + (t.created() ? "" : ", replacing the earlier word of the same resource"))));
        return taken;
    }

    /**
     * Takes back the feedback the RIS sent as {@code sourceRef} (its Observation marked entered-in-error):
     * the row is deleted, so the result's figures count its earlier word again, if any. Blocking.
     *
     * @return the row taken back; empty when that resource has no feedback (never sent, or taken back before)
     */
    public Optional<JsonObject> withdraw(String sourceRef, Actor ris, String practitioner) throws SQLException {
        Optional<JsonObject> removed = Jdbc.transaction(dataSource, c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, result_id, job_id, algorithm_id, study_instance_uid, "
                    + "verdict, agreement FROM result_feedback WHERE source_ref = ? FOR UPDATE", sourceRef);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<JsonObject>empty();
                }
                JsonObject row = new JsonObject().put("id", rs.getString(1)).put("resultId", rs.getString(2))
                        .put("jobId", rs.getString(3)).put("algorithm", rs.getString(4))
                        .put("studyInstanceUid", rs.getString(5)).put("verdict", rs.getString(6))
                        .put("agreement", rs.getString(7));
                Jdbc.update(c, "DELETE FROM result_feedback WHERE id = ?", row.getString("id"));
                return Optional.of(row);
            }
        });
        removed.ifPresent(f -> audit.record(AuditEntry.of(ris, AuditAction.FEEDBACK)
                .study(f.getString("studyInstanceUid")).job(f.getString("jobId"), f.getString("algorithm"))
                .detail(f.getString("agreement") + " on a " + f.getString("verdict") + " result " + f.getString("resultId")
                        + " taken back by the RIS (entered in error)"
                        + (practitioner == null ? "" : ", by " + practitioner))));
        return removed;
    }

    /** A feedback row as stored and whether it is new (false: it replaced the same resource's earlier row). */
    public record Taken(JsonObject feedback, boolean created) {
    }

    private Optional<Taken> replaceOrInsert(String sourceRef, String resultId, Agreement agreement,
                                            String correctFinding, String comment, Actor ris, String givenBy,
                                            Instant now) throws SQLException {
        return Jdbc.transaction(dataSource, c -> {
            Optional<String> earlier = sourceRef == null ? Optional.empty() : earlier(c, sourceRef);
            if (earlier.isPresent()) {
                Jdbc.update(c, "DELETE FROM result_feedback WHERE id = ?", earlier.get());
            }
            String id = earlier.orElseGet(() -> UUID.randomUUID().toString());
            Optional<JsonObject> stored = insert(c, id, resultId, agreement, correctFinding, comment, ris, givenBy, now,
                    null, sourceRef);
            if (stored.isEmpty()) {
                // an update naming a result that does not exist: the earlier word stays as it was
                c.rollback();
            }
            return stored.map(f -> new Taken(f, earlier.isEmpty()));
        });
    }

    private static Optional<String> earlier(Connection c, String sourceRef) throws SQLException {
        // FOR UPDATE: two sends of a resource already stored take turns; two first sends meet at the unique index
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id FROM result_feedback WHERE source_ref = ? FOR UPDATE",
                sourceRef); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * One feedback row on the result, in the caller's transaction, with the result's algorithm, study,
     * verdict, mode and site; empty when there is no such result.
     *
     * @param reviewId the review whose rejection this is; null for feedback given through the API
     */
    static Optional<JsonObject> insert(Connection c, String id, String resultId, Agreement agreement,
                                       String correctFinding, String comment, Actor by, Instant now, String reviewId)
            throws SQLException {
        return insert(c, id, resultId, agreement, correctFinding, comment, by, by.name(), now, reviewId, null);
    }

    /**
     * @param givenBy   who gave it, as recorded: the caller's name, or for the RIS its token and the practitioner
     * @param sourceRef the RIS resource it came as ({@link #fromRis}); null otherwise
     */
    private static Optional<JsonObject> insert(Connection c, String id, String resultId, Agreement agreement,
                                               String correctFinding, String comment, Actor by, String givenBy,
                                               Instant now, String reviewId, String sourceRef) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT r.job_id, r.algorithm_id, r.study_instance_uid, "
                + "r.verdict, j.mode FROM results r JOIN jobs j ON j.id = r.job_id WHERE r.id = ?", resultId);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String jobId = rs.getString(1);
            String algorithm = rs.getString(2);
            String study = rs.getString(3);
            String verdict = rs.getString(4);
            String mode = rs.getString(5);
            String site = StudySites.siteOf(c, study).orElse(Sites.UNASSIGNED);
            Jdbc.update(c, "INSERT INTO result_feedback (id, result_id, job_id, algorithm_id, study_instance_uid, "
                            + "site, mode, verdict, agreement, correct_finding, comment, given_by_kind, given_by, "
                            + "given_at, review_id, source_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, resultId, jobId, algorithm, study, site, mode, verdict, agreement.name(), correctFinding,
                    comment, by.kind().name(), givenBy, now, reviewId, sourceRef);
            return Optional.of(new JsonObject().put("id", id).put("resultId", resultId).put("jobId", jobId)
                    .put("algorithm", algorithm).put("studyInstanceUid", study).put("site", site).put("mode", mode)
                    .put("verdict", verdict).put("agreement", agreement.name())
                    .put("correctFinding", correctFinding).put("comment", comment)
                    .put("givenBy", givenBy).put("givenAt", now.toString()));
        }
    }
}
