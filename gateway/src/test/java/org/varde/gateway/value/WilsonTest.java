package org.varde.gateway.value;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Wilson score interval against published values: Newcombe (1998), Statistics in Medicine 17,
 * 857-872, Table I, method 3 (81/263 -> 0.2553..0.3662; 15/148 -> 0.0624..0.1605; 0/20 ->
 * 0.0000..0.1611; 1/29 -> 0.0061..0.1718), and 8/10 -> 0.4902..0.9433 by hand.
 */
class WilsonTest {
    private static void interval(long x, long n, double low, double high) {
        Wilson w = Wilson.of(x, n);
        assertEquals(low, w.low(), 0.00006, x + "/" + n + " low");
        assertEquals(high, w.high(), 0.00006, x + "/" + n + " high");
        assertEquals((double) x / n, w.estimate(), 1e-12);
    }

    @Test
    void publishedIntervals() {
        interval(81, 263, 0.2553, 0.3662);
        interval(15, 148, 0.0624, 0.1605);
        interval(0, 20, 0.0000, 0.1611);
        interval(1, 29, 0.0061, 0.1718);
        interval(8, 10, 0.4902, 0.9433);
    }

    @Test
    void extremesStayInsideZeroToOneAndNothingRestsOnNoData() {
        Wilson all = Wilson.of(20, 20);
        assertEquals(1.0, all.high());
        assertEquals(0.8389, all.low(), 0.00006, "mirror of 0/20");
        Wilson none = Wilson.of(0, 0);
        assertTrue(Double.isNaN(none.estimate()));
        assertEquals(null, none.toJson().getValue("value"));
        assertEquals(0L, none.toJson().getLong("n"));
        assertThrows(IllegalArgumentException.class, () -> Wilson.of(3, 2));
    }
}
