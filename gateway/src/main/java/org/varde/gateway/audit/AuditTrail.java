package org.varde.gateway.audit;

/**
 * Where a hook puts its audit event. Blocking (JDBC): call it on a worker. It never throws into the
 * hooked code: the action already happened, and a failed append is logged at ERROR and counted
 * ({@code varde_audit_append_failures_total}) so that a gap is seen, never hidden.
 */
@FunctionalInterface
public interface AuditTrail {
    AuditTrail NONE = entry -> { };

    void record(AuditEntry entry);
}
