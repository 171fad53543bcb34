package org.varde.testdata;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * PS3.5 6.2 DS: at most 16 characters. Six decimals keep the geometry here exact (pixel spacings
 * like 0.68359375 lose less than a nanometre) and within 16 characters.
 */
final class DecimalStrings {

    private DecimalStrings() {
    }

    static String of(double value) {
        String text = BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (text.length() > 16) {
            throw new IllegalArgumentException("value does not fit a DS: " + value);
        }
        return "-0".equals(text) ? "0" : text;
    }

    static String[] of(double... values) {
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = of(values[i]);
        }
        return texts;
    }
}
