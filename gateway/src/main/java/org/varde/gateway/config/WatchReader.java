package org.varde.gateway.config;

import org.varde.gateway.value.WatchSettings;

import java.time.Duration;

/**
 * Reads the {@code value.watch:} block: the algorithm watch's drift and silence windows
 * (docs/accountability.md, "Drift and silence"). Durations as in {@code retention:}, a whole number
 * and a unit. Each bound keeps a window meaningful: a baseline shorter than the window it judges
 * would make a centre line that moves with every day, and a silence window no longer than the result
 * grace could never see a result stop.
 */
final class WatchReader {
    private static final Duration MAX_BASELINE = Duration.ofDays(366);

    private WatchReader() {
    }

    static WatchSettings read(ConfigSection s) throws ConfigException {
        WatchSettings d = WatchSettings.DEFAULTS;
        Duration every = within(s, "every", d.every(), Duration.ofSeconds(10), Duration.ofHours(1));
        Duration driftWindow = within(s, "driftWindow", d.driftWindow(), Duration.ofMinutes(10), Duration.ofDays(90));
        Duration driftBaseline = within(s, "driftBaseline", d.driftBaseline(), Duration.ofMinutes(10), MAX_BASELINE);
        double sigmas = s.number("driftSigmas", d.driftSigmas(), 1, 6);
        long minBaseline = s.longInteger("minBaselineResults", d.minBaselineResults(), 1, 1_000_000);
        long minWindow = s.longInteger("minWindowResults", d.minWindowResults(), 1, 1_000_000);
        Duration silenceWindow = within(s, "silenceWindow", d.silenceWindow(), Duration.ofMinutes(5), Duration.ofDays(7));
        Duration resultGrace = within(s, "resultGrace", d.resultGrace(), Duration.ZERO, Duration.ofDays(7));
        long minSilent = s.longInteger("minSilentStudies", d.minSilentStudies(), 1, 100_000);
        s.refuseUnknownKeys();
        if (driftBaseline.compareTo(driftWindow) < 0) {
            throw new ConfigException(s.keyPath("driftBaseline"), "must be at least value.watch.driftWindow ("
                    + RetentionReader.words(driftWindow) + "), was " + RetentionReader.words(driftBaseline)
                    + ": the window is judged against a longer past");
        }
        if (resultGrace.compareTo(silenceWindow) >= 0) {
            throw new ConfigException(s.keyPath("resultGrace"), "must be shorter than value.watch.silenceWindow ("
                    + RetentionReader.words(silenceWindow) + "), was " + RetentionReader.words(resultGrace)
                    + ": no dispatch in the window could be old enough to expect its result");
        }
        return new WatchSettings(every, driftWindow, driftBaseline, sigmas, minBaseline, minWindow, silenceWindow,
                resultGrace, minSilent);
    }

    private static Duration within(ConfigSection s, String key, Duration dflt, Duration min, Duration max)
            throws ConfigException {
        Duration value = RetentionReader.duration(s, key, dflt);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(s.keyPath(key), "must be " + RetentionReader.words(min) + ".."
                    + RetentionReader.words(max) + ", was " + RetentionReader.words(value));
        }
        return value;
    }
}
