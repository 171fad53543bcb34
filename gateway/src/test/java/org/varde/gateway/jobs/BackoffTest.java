package org.varde.gateway.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(100));

    @Test
    void ceilingDoublesFromTheBaseUntilTheCap() {
        assertEquals(Duration.ofSeconds(10), backoff.ceiling(1));
        assertEquals(Duration.ofSeconds(20), backoff.ceiling(2));
        assertEquals(Duration.ofSeconds(40), backoff.ceiling(3));
        assertEquals(Duration.ofSeconds(80), backoff.ceiling(4));
        assertEquals(Duration.ofSeconds(100), backoff.ceiling(5));
        assertEquals(Duration.ofSeconds(100), backoff.ceiling(6));
        // no overflow however many failures there were
        assertEquals(Duration.ofSeconds(100), backoff.ceiling(Integer.MAX_VALUE));
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCeilingAndSpreadsOverIt() {
        RandomGenerator random = new SplittableRandom(42);
        for (int failures = 1; failures <= 8; failures++) {
            long ceiling = backoff.ceiling(failures).toMillis();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 2000; i++) {
                long delay = backoff.delay(failures, random).toMillis();
                assertTrue(delay >= 0 && delay <= ceiling, delay + " outside [0, " + ceiling + "]");
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            // full jitter, not "ceiling plus a little": the waits cover the whole range
            assertTrue(min < ceiling / 10, "smallest wait " + min + " of " + ceiling);
            assertTrue(max > ceiling * 9 / 10, "largest wait " + max + " of " + ceiling);
        }
    }

    @Test
    void jitterEndsAreReachable() {
        RandomGenerator lowest = new FixedRandom(true);
        RandomGenerator highest = new FixedRandom(false);
        assertEquals(Duration.ZERO, backoff.delay(3, lowest));
        assertEquals(Duration.ofSeconds(40), backoff.delay(3, highest));
        assertEquals(Duration.ofSeconds(100), backoff.delay(9, highest));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> backoff.ceiling(0));
    }

    /** Answers the lowest or the highest value of every bounded draw. */
    private record FixedRandom(boolean low) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return low ? 0 : bound - 1;
        }
    }
}
