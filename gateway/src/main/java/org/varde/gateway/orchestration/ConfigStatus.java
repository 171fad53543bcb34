package org.varde.gateway.orchestration;

import java.time.Instant;

/**
 * Whether the configuration in force is the one on disk, for {@code /health}: after a refused reload
 * the old configuration stays in force and {@code lastError} says why the new one was refused.
 *
 * @param ok          false when the last reload was refused
 * @param lastError   the refusal, naming the file and key; null when ok
 * @param loadedAt    when the configuration in force was loaded
 * @param lastCheckAt when a reload was last attempted (start-up, file change, or the API)
 */
public record ConfigStatus(boolean ok, String lastError, Instant loadedAt, Instant lastCheckAt) {

    static ConfigStatus loaded(Instant at) {
        return new ConfigStatus(true, null, at, at);
    }

    ConfigStatus refused(String error, Instant at) {
        return new ConfigStatus(false, error, loadedAt, at);
    }
}
