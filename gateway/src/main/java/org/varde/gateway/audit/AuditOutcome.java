package org.varde.gateway.audit;

/** How the audited action ended. */
public enum AuditOutcome {
    SUCCESS, FAILURE, REFUSED
}
