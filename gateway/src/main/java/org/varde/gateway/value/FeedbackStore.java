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
     * One feedback row on the result, in the caller's transaction, with the result's algorithm, study,
     * verdict, mode and site; empty when there is no such result.
     *
     * @param reviewId the review whose rejection this is; null for feedback given through the API
     */
    static Optional<JsonObject> insert(Connection c, String id, String resultId, Agreement agreement,
                                       String correctFinding, String comment, Actor by, Instant now, String reviewId)
            throws SQLException {
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
                            + "given_at, review_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, resultId, jobId, algorithm, study, site, mode, verdict, agreement.name(), correctFinding,
                    comment, by.kind().name(), by.name(), now, reviewId);
            return Optional.of(new JsonObject().put("id", id).put("resultId", resultId).put("jobId", jobId)
                    .put("algorithm", algorithm).put("studyInstanceUid", study).put("site", site).put("mode", mode)
                    .put("verdict", verdict).put("agreement", agreement.name())
                    .put("correctFinding", correctFinding).put("comment", comment)
                    .put("givenBy", by.name()).put("givenAt", now.toString()));
        }
    }
}
