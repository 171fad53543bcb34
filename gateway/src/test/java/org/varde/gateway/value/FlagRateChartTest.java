package org.varde.gateway.value;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The p-chart with numbers worked by hand: baseline 10 of 100 (p̄ 0.1), a window of 25: σ = √(0.09/25) = 0.06. */
class FlagRateChartTest {
    @Test
    void aWindowAboveTheUpperLimitIsOutOfControl() {
        FlagRateChart chart = new FlagRateChart(10, 100, 9, 25, 50, 10);
        assertEquals(0.1, chart.centre(), 1e-12);
        assertEquals(0.28, chart.upperLimit(), 1e-12, "0.1 + 3 x 0.06");
        assertEquals(0.0, chart.lowerLimit(), 1e-12, "0.1 - 0.18, cut at 0");
        assertEquals(0.36, chart.windowRate(), 1e-12);
        assertTrue(chart.outOfControl());
    }

    @Test
    void aWindowInsideTheLimitsIsNot() {
        assertFalse(new FlagRateChart(10, 100, 7, 25, 50, 10).outOfControl(), "0.28 is on the limit, not outside");
        assertFalse(new FlagRateChart(10, 100, 0, 25, 50, 10).outOfControl());
    }

    @Test
    void aWindowBelowTheLowerLimitIsOutOfControl() {
        // p̄ 0.5, n 100: σ 0.05, limits 0.35..0.65
        FlagRateChart chart = new FlagRateChart(500, 1000, 30, 100, 50, 10);
        assertEquals(0.35, chart.lowerLimit(), 1e-12);
        assertTrue(chart.outOfControl());
    }

    @Test
    void tooFewResultsDecideNothing() {
        FlagRateChart thinBaseline = new FlagRateChart(1, 20, 25, 25, 50, 10);
        assertFalse(thinBaseline.decidable());
        assertFalse(thinBaseline.outOfControl());
        assertTrue(Double.isNaN(thinBaseline.upperLimit()));
        assertFalse(new FlagRateChart(10, 100, 5, 9, 50, 10).outOfControl(), "a window of 9");
    }
}
