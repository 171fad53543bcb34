package org.varde.gateway.audit;

/**
 * An audit event as a hook states it, before the log gives it its place in the chain (sequence,
 * time, node, site, hashes). Identity only where the event itself discloses it: a study is named by
 * its UID.
 *
 * @param target where to: a vendor endpoint, a sink, an API path; may be null
 * @param detail why and what, in words; may be null
 */
public record AuditEntry(Actor actor, AuditAction action, AuditOutcome outcome, String studyInstanceUid,
                         String jobId, String algorithmId, String target, String detail) {

    public static AuditEntry of(Actor actor, AuditAction action) {
        return new AuditEntry(actor, action, AuditOutcome.SUCCESS, null, null, null, null, null);
    }

    public AuditEntry outcome(AuditOutcome newOutcome) {
        return new AuditEntry(actor, action, newOutcome, studyInstanceUid, jobId, algorithmId, target, detail);
    }

    public AuditEntry study(String uid) {
        return new AuditEntry(actor, action, outcome, uid, jobId, algorithmId, target, detail);
    }

    public AuditEntry job(String id, String algorithm) {
        return new AuditEntry(actor, action, outcome, studyInstanceUid, id, algorithm, target, detail);
    }

    public AuditEntry algorithm(String algorithm) {
        return new AuditEntry(actor, action, outcome, studyInstanceUid, jobId, algorithm, target, detail);
    }

    public AuditEntry target(String where) {
        return new AuditEntry(actor, action, outcome, studyInstanceUid, jobId, algorithmId, where, detail);
    }

    public AuditEntry detail(String words) {
        return new AuditEntry(actor, action, outcome, studyInstanceUid, jobId, algorithmId, target, words);
    }
}
