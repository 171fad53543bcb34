package org.varde.gateway.cleaner;

import org.varde.gateway.config.RetentionSettings;

import java.time.Instant;

/**
 * One study whose images the spool still holds, as the cleaner sees it.
 *
 * @param oldestReceivedAt when the oldest image held (an instance or a vendor's result object) arrived
 * @param finishedAt       when the last of its jobs and deliveries became final (or it was routed, when
 *                         it made no job); null while anything of it is unfinished or it is not complete
 */
public record HeldStudy(String studyInstanceUid, Instant oldestReceivedAt, int instances, long instanceBytes,
                        int resultObjects, long resultBytes, Instant finishedAt) {

    public boolean finished() {
        return finishedAt != null;
    }

    public long bytes() {
        return instanceBytes + resultBytes;
    }

    /** When the hard limit takes the study's oldest image. */
    public Instant hardLimitAt(RetentionSettings policy) {
        return oldestReceivedAt.plus(policy.hardLimit());
    }

    /** When the study is purged at the latest: its grace after finishing, or the hard limit if sooner. */
    public Instant dueAt(RetentionSettings policy) {
        Instant hard = hardLimitAt(policy);
        if (!finished()) {
            return hard;
        }
        Instant grace = finishedAt.plus(policy.grace());
        return grace.isBefore(hard) ? grace : hard;
    }

    /** Why it is purged at {@link #dueAt}. */
    public PurgeReason dueReason(RetentionSettings policy) {
        return finished() && finishedAt.plus(policy.grace()).isBefore(hardLimitAt(policy))
                ? PurgeReason.GRACE_ELAPSED : PurgeReason.HARD_LIMIT;
    }

    /** The reason in words, for the purge row and the audit event (UIDs and times, never identity). */
    public String why(PurgeReason reason, RetentionSettings policy) {
        return switch (reason) {
            case GRACE_ELAPSED -> "every job and delivery final since " + finishedAt + ", grace "
                    + policy.grace() + " elapsed";
            case HARD_LIMIT -> "oldest image held arrived " + oldestReceivedAt + ", hard limit " + policy.hardLimit()
                    + " reached" + (finished() ? "" : " with work unfinished");
            case DISK_PRESSURE -> "spool low on free space; study finished since " + finishedAt
                    + ", oldest image held arrived " + oldestReceivedAt;
        };
    }
}
