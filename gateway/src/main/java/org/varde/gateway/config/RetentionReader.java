package org.varde.gateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code retention:} section. Durations are a whole number and a unit ({@code 30s},
 * {@code 10m}, {@code 24h}, {@code 7d}): a bare number is refused, since "24" could be hours or days
 * and a retention promise must not rest on a guess.
 */
final class RetentionReader {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*([smhd])");
    /** The longest hard limit accepted: images are kept for processing, never as an archive. */
    static final Duration MAX_HARD_LIMIT = Duration.ofDays(365);

    private RetentionReader() {
    }

    static RetentionSettings read(ConfigSection s) throws ConfigException {
        Duration grace = duration(s, "grace", RetentionSettings.DEFAULT_GRACE);
        Duration hardLimit = duration(s, "hardLimit", RetentionSettings.DEFAULT_HARD_LIMIT);
        Duration checkInterval = duration(s, "checkInterval", RetentionSettings.DEFAULT_CHECK_INTERVAL);
        long pressure = s.longInteger("diskPressureFreeBytes", 0, 0, Long.MAX_VALUE);
        s.refuseUnknownKeys();
        if (hardLimit.compareTo(Duration.ofHours(1)) < 0 || hardLimit.compareTo(MAX_HARD_LIMIT) > 0) {
            throw new ConfigException(s.keyPath("hardLimit"), "must be 1h..365d, was " + words(hardLimit));
        }
        if (grace.compareTo(hardLimit) >= 0) {
            throw new ConfigException(s.keyPath("grace"), "must be shorter than retention.hardLimit ("
                    + words(hardLimit) + "), was " + words(grace) + ": the hard limit would always come first");
        }
        if (checkInterval.compareTo(Duration.ofSeconds(1)) < 0 || checkInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException(s.keyPath("checkInterval"), "must be 1s..1h, was " + words(checkInterval));
        }
        return new RetentionSettings(grace, hardLimit, checkInterval, pressure);
    }

    /** A duration as the config writes it (a whole number and s, m, h or d), or {@code dflt} when absent. */
    static Duration duration(ConfigSection s, String key, Duration dflt) throws ConfigException {
        String text = s.string(key, null);
        if (text == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(s.keyPath(key), "must be a whole number and a unit: s, m, h or d "
                    + "(e.g. 24h, 7d), was \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A duration as the config writes it, for messages and the API. */
    static String words(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
