package org.varde.gateway.routing;

import java.math.BigDecimal;

/** A closed numeric interval; either end may be open (null). Used for ages, slice thickness and rules. */
public record NumericRange(Double min, Double max) {

    public NumericRange {
        if (min == null && max == null) {
            throw new IllegalArgumentException("a range needs a min or a max");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("min " + format(min) + " is above max " + format(max));
        }
    }

    /** A range from two optional ends, or null when neither is set (no limit). */
    static NumericRange ofNullable(Double min, Double max) {
        return min == null && max == null ? null : new NumericRange(min, max);
    }

    public boolean contains(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    /** {@code >= 18}, {@code <= 65} or {@code in 0.5..2.5}, as a reason reads it. */
    public String describe() {
        if (max == null) {
            return ">= " + format(min);
        }
        if (min == null) {
            return "<= " + format(max);
        }
        return "in " + format(min) + ".." + format(max);
    }

    static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
