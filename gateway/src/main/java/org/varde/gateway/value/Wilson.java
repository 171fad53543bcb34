package org.varde.gateway.value;

import io.vertx.core.json.JsonObject;

/**
 * A proportion with its Wilson score interval (Wilson 1927; Newcombe 1998, method 3): unlike the
 * normal approximation it stays inside 0..1 and behaves at small n and at 0 % or 100 %, which is
 * where a department's first weeks of feedback are.
 */
public record Wilson(long successes, long n, double estimate, double low, double high) {
    /** The 97.5th percentile of the standard normal: a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    /** @return the proportion and its 95 % interval; with n = 0 every value is NaN (nothing to rest on) */
    public static Wilson of(long successes, long n) {
        if (successes < 0 || n < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, was " + successes + "/" + n);
        }
        if (n == 0) {
            return new Wilson(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Wilson(successes, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** {@code {"value", "low", "high", "successes", "n"}}, values null when n is 0. */
    public JsonObject toJson() {
        return new JsonObject().put("value", n == 0 ? null : round(estimate)).put("low", n == 0 ? null : round(low))
                .put("high", n == 0 ? null : round(high)).put("successes", successes).put("n", n);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
