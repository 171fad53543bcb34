package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;

/**
 * A p-chart of an algorithm's flag rate (Shewhart; Montgomery, Introduction to Statistical Quality
 * Control, 7.2): the centre line is the baseline's proportion of positives p̄, the control limits
 * p̄ ± k·√(p̄(1−p̄)/n) for the n results of the window (k = {@code sigmas}, 3 by default: Shewhart's
 * choice), cut to 0..1. A window outside the limits is
 * drift: the algorithm flags more (or fewer) studies than it did, whether the population or the
 * algorithm changed. Decided only when the baseline and the window hold enough results for the
 * limits to mean something.
 */
public record FlagRateChart(long baselinePositives, long baselineN, long windowPositives, long windowN,
                            long minBaselineN, long minWindowN, double sigmas) {
    public static final double SIGMAS = 3.0;

    /** With 3-sigma limits. */
    public FlagRateChart(long baselinePositives, long baselineN, long windowPositives, long windowN, long minBaselineN,
                         long minWindowN) {
        this(baselinePositives, baselineN, windowPositives, windowN, minBaselineN, minWindowN, SIGMAS);
    }

    public boolean decidable() {
        return baselineN >= minBaselineN && windowN >= minWindowN && windowN > 0 && baselineN > 0;
    }

    public double centre() {
        return baselineN == 0 ? Double.NaN : (double) baselinePositives / baselineN;
    }

    public double windowRate() {
        return windowN == 0 ? Double.NaN : (double) windowPositives / windowN;
    }

    private double sigma() {
        double p = centre();
        return Math.sqrt(p * (1 - p) / windowN);
    }

    public double lowerLimit() {
        return decidable() ? Math.max(0, centre() - sigmas * sigma()) : Double.NaN;
    }

    public double upperLimit() {
        return decidable() ? Math.min(1, centre() + sigmas * sigma()) : Double.NaN;
    }

    /** The window's rate is outside the control limits (never when undecidable). */
    public boolean outOfControl() {
        return decidable() && (windowRate() < lowerLimit() || windowRate() > upperLimit());
    }

    JsonObject toJson() {
        return new JsonObject().put("baselinePositives", baselinePositives).put("baselineN", baselineN)
                .put("windowPositives", windowPositives).put("windowN", windowN).put("decidable", decidable())
                .put("centre", round(centre())).put("windowRate", round(windowRate()))
                .put("lowerLimit", round(lowerLimit())).put("upperLimit", round(upperLimit()))
                .put("outOfControl", outOfControl());
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10_000) / 10_000.0;
    }
}
