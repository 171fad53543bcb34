package org.varde.gateway.config;

import java.time.Duration;

/**
 * The {@code completion} section: what applies where no route says otherwise.
 *
 * @param defaultIdle quiet period after a study's last instance before it counts as complete
 * @param mppsGrace   how long a COMPLETED MPPS waits for referenced instances that have not arrived
 */
public record CompletionDefaults(Duration defaultIdle, Duration mppsGrace) {
    public static final CompletionDefaults DEFAULTS = new CompletionDefaults(Duration.ofSeconds(60), Duration.ofSeconds(30));
}
