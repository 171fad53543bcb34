package org.varde.gateway.audit;

/**
 * What an audit event records. Disclosures of patient data (to a vendor, to PACS or RIS), results
 * coming in, the identity coming back, people reading identity, operator and admin actions, purges.
 */
public enum AuditAction {
    /** Images of a study sent to an algorithm's vendor and acknowledged (pseudonymised or not: the detail says). */
    DISCLOSURE_TO_VENDOR,
    /** A vendor's result received and recorded. */
    RESULT_RECEIVED,
    /** A vendor's result kept aside: its algorithm version is not the approved one. */
    RESULT_QUARANTINED,
    /** A result written to a sink (PACS, RIS): a disclosure too. */
    DELIVERY_SENT,
    /** A shadow delivery built and kept, not sent. */
    DELIVERY_KEPT,
    /** A delivery given up (dead letter). */
    DELIVERY_FAILED,
    /** Pseudonyms of a vendor's result replaced by the original identity. */
    REIDENTIFICATION,
    /** An API caller read patient identity (names, IDs, birth dates, accession numbers). */
    IDENTITY_READ,
    /** The audit log itself read. */
    AUDIT_READ,
    /** A reload of the configuration (routes, catalogue, modes, sites). */
    CONFIG_RELOAD,
    /** A route switched between off, shadow and clinical by an admin (written to the routes file), or refused. */
    ROUTE_MODE_CHANGED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    /** A dead-lettered, failed or quarantined job replayed. */
    JOB_RETRY,
    /** A dead-lettered job or delivery discarded. */
    DEAD_LETTER_DISCARD,
    /** An explicit completion of a study by an operator. */
    STUDY_COMPLETED_BY_OPERATOR,
    /** A radiologist's feedback on a result. */
    FEEDBACK,
    /** A reviewer approved a held result: its deliveries start, verified by them (the detail: priority). */
    REVIEW_APPROVED,
    /** A reviewer rejected a held result (the detail: why): nothing clinical goes out; counts as a disagreement. */
    REVIEW_REJECTED,
    /** A reviewer put a held result off (the detail: why): it keeps waiting. */
    REVIEW_DEFERRED,
    /** A reviewer took back their own decision before it was handed to delivery (the detail: which). */
    REVIEW_UNDONE,
    /** A held result nobody decided in time, released unreviewed because its route says onTimeout: release. */
    REVIEW_RELEASED,
    /** Images (and identity) of a study removed from the spool. */
    PURGE,
    /** Audit events older than their retention removed, up to a signed checkpoint. */
    AUDIT_PRUNED,
    /** Ground truth of studies recorded for the value figures (the detail: how many, present and absent). */
    GROUND_TRUTH_RECORDED
}
