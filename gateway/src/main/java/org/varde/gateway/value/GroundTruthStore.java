package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditTrail;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The ground truth of studies (V37 {@code ground_truth}): one row per study and finding, replaced
 * when posted again, all of a post in one transaction. Each post is an audit event.
 */
public final class GroundTruthStore {
    private final DataSource dataSource;
    private final AuditTrail audit;
    private final Clock clock;

    public GroundTruthStore(DataSource dataSource, AuditTrail audit, Clock clock) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores every one or none. Blocking. @return {@code {"stored", "present", "absent"}} */
    public JsonObject record(List<StudyTruth> truths, Actor by) throws SQLException {
        Instant now = clock.instant();
        Jdbc.transaction(dataSource, c -> {
            for (StudyTruth t : truths) {
                Jdbc.update(c, "DELETE FROM ground_truth WHERE study_instance_uid = ? AND finding = ?",
                        t.studyInstanceUid(), t.finding().generatorName());
                Jdbc.update(c, "INSERT INTO ground_truth (study_instance_uid, finding, code_scheme, code_value, "
                                + "presence, kind, recorded_by_kind, recorded_by, recorded_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", t.studyInstanceUid(),
                        t.finding().generatorName(), TruthFinding.SCHEME, t.finding().code(),
                        t.present() ? "PRESENT" : "ABSENT", t.kind(), by.kind().name(),
                        Jdbc.bound(by.name(), 256), now);
            }
            return null;
        });
        long present = truths.stream().filter(StudyTruth::present).count();
        audit.record(AuditEntry.of(by, AuditAction.GROUND_TRUTH_RECORDED).detail("ground truth of " + truths.size()
                + " studies: " + present + " present, " + (truths.size() - present) + " absent"));
        return new JsonObject().put("stored", truths.size()).put("present", present)
                .put("absent", truths.size() - present);
    }
}
