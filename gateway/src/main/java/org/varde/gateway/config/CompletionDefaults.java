package org.varde.gateway.config;

import java.time.Duration;

/**
 * The {@code completion} section: what applies where no route says otherwise.
 *
 * @param defaultIdle  quiet period after a study's last instance before it counts as complete
 * @param mppsGrace    how long a COMPLETED MPPS waits for referenced instances that have not arrived
 * @param seriesSettle quiet period after the last instance once a route's expected series has arrived
 *                     (the series stopped growing), used by routes that set no {@code seriesSettleSeconds}
 */
public record CompletionDefaults(Duration defaultIdle, Duration mppsGrace, Duration seriesSettle) {
    public static final Duration DEFAULT_SERIES_SETTLE = Duration.ofSeconds(5);
    public static final CompletionDefaults DEFAULTS = new CompletionDefaults(Duration.ofSeconds(60),
            Duration.ofSeconds(30), DEFAULT_SERIES_SETTLE);

    /** With the default settle time. */
    public CompletionDefaults(Duration defaultIdle, Duration mppsGrace) {
        this(defaultIdle, mppsGrace, DEFAULT_SERIES_SETTLE);
    }
}
