package org.varde.dicom.data;

import java.math.BigDecimal;
import java.math.MathContext;

/** Formats a double as a DS value: PS3.5 6.2 allows at most 16 bytes. */
final class DecimalString {

    private static final int MAX_LENGTH = 16;

    private DecimalString() {
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("DS cannot hold " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        for (int digits = 16; s.length() > MAX_LENGTH && digits > 1; digits--) {
            s = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toString();
        }
        return s;
    }
}
