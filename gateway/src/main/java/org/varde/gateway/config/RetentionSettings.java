package org.varde.gateway.config;

import java.time.Duration;

/**
 * The {@code retention:} section: how long images (and the identity in the journal) are kept.
 *
 * @param grace              a study's images stay this long after its last job and delivery became final
 * @param hardLimit          no image stays longer than this after it arrived, whatever its jobs are doing
 * @param checkInterval      how often the cleaner looks for studies due
 * @param pressureFreeBytes  below this much free space on the spool's file system the cleaner purges
 *                           finished studies early, oldest first; 0: twice {@code storage.minFreeBytes}
 */
public record RetentionSettings(Duration grace, Duration hardLimit, Duration checkInterval, long pressureFreeBytes) {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    public static final Duration DEFAULT_HARD_LIMIT = Duration.ofDays(7);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);
    public static final RetentionSettings DEFAULTS = new RetentionSettings(DEFAULT_GRACE, DEFAULT_HARD_LIMIT,
            DEFAULT_CHECK_INTERVAL, 0);

    /** The free space below which finished studies are purged before their grace ran out; 0: never. */
    public long pressureBelowFreeBytes(StorageSettings storage) {
        return pressureFreeBytes > 0 ? pressureFreeBytes : 2 * storage.minFreeBytes();
    }
}
