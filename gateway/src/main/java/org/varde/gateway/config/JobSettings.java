package org.varde.gateway.config;

import org.varde.gateway.jobs.Backoff;

import java.time.Duration;

/**
 * The {@code jobs} section.
 *
 * @param lease       how long a node holds a claimed job without renewing; a dead node's jobs are
 *                    taken over after this
 * @param maxAttempts failed attempts after which a job is DEAD_LETTER
 * @param backoff     wait before a retry: full jitter up to base × 2^(n-1), at most the cap
 */
public record JobSettings(Duration lease, int maxAttempts, Backoff backoff) {
    public static final JobSettings DEFAULTS = new JobSettings(Duration.ofSeconds(30), 5, Backoff.DEFAULT);
}
