package org.varde.gateway.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failure the next attempt waits a uniformly
 * random time in [0, min(cap, base × 2^(n-1))]. Full jitter spreads the retries of many jobs that
 * failed together (a vendor outage) instead of sending them back in one burst.
 */
public record Backoff(Duration base, Duration cap) {
    /** 15 s after the first failure, doubling up to 15 min. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(15), Duration.ofMinutes(15));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " is below the base " + base);
        }
    }

    /** The longest wait after the {@code failures}-th failure (1-based): base doubled, at most cap. */
    public Duration ceiling(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1, was " + failures);
        }
        // beyond 62 doublings a long overflows; the cap is reached long before anyway
        int doublings = Math.min(failures - 1, 62);
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        long ceiling = baseMillis > (capMillis >> doublings) ? capMillis : baseMillis << doublings;
        return Duration.ofMillis(Math.min(ceiling, capMillis));
    }

    /** A random wait in [0, {@link #ceiling(int)}], both ends included. */
    public Duration delay(int failures, RandomGenerator random) {
        long ceiling = ceiling(failures).toMillis();
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
