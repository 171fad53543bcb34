package org.varde.gateway.value;

import java.time.Duration;

/**
 * The windows of {@link AlgorithmWatch} (the main config's {@code value.watch:} block), with defaults
 * chosen for a department of some hundred studies a day per algorithm. Drift: the flag rate of the
 * last {@code driftWindow} against the {@code driftBaseline} before it, outside {@code driftSigmas}
 * sigma. Silence: over the last {@code silenceWindow}, at least {@code minSilentStudies} studies that
 * an algorithm's route matched (sent or refused by the guard) and none dispatched; or as many
 * dispatched before the last {@code resultGrace} and no result at all.
 */
public record WatchSettings(Duration every, Duration driftWindow, Duration driftBaseline, double driftSigmas,
                            long minBaselineResults, long minWindowResults, Duration silenceWindow,
                            Duration resultGrace, long minSilentStudies) {

    public static final WatchSettings DEFAULTS = new WatchSettings(Duration.ofMinutes(1), Duration.ofHours(24),
            Duration.ofDays(28), 3.0, 50, 10, Duration.ofHours(2), Duration.ofMinutes(30), 3);

    public WatchSettings {
        if (every.isNegative() || every.isZero() || driftWindow.isNegative() || driftWindow.isZero()
                || driftBaseline.isNegative() || driftBaseline.isZero() || silenceWindow.compareTo(resultGrace) <= 0
                || resultGrace.isNegative() || !(driftSigmas > 0) || minBaselineResults < 1 || minWindowResults < 1
                || minSilentStudies < 1) {
            throw new IllegalArgumentException("watch windows and sigmas must be positive, the silence window longer "
                    + "than the result grace, the minimum counts at least 1");
        }
    }
}
