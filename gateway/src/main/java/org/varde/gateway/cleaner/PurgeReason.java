package org.varde.gateway.cleaner;

/** Why the cleaner purged a study's images (the audit event and {@code retention_purges.reason} say it). */
public enum PurgeReason {
    /** Every job and delivery of the study is final, and the grace after the last of them has passed. */
    GRACE_ELAPSED,
    /** The oldest image held reached the hard limit, whatever the study's jobs were doing. */
    HARD_LIMIT,
    /** The spool's file system ran low on space: a finished study went before its grace ran out. */
    DISK_PRESSURE
}
