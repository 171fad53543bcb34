package org.varde.testdata;

import java.util.Locale;

/**
 * The ages, in whole years at the study date, that generated patients are drawn from: a kind's own
 * population (adults for a CT thorax, from 6 years for a wrist) unless the options ask for another one,
 * such as children for a chest radiograph that adult-only products must refuse.
 *
 * @param minYears youngest, 0 to {@link #MAX_YEARS}
 * @param maxYears oldest, {@code minYears} to {@link #MAX_YEARS}
 */
public record AgeRange(int minYears, int maxYears) {

    /** PS3.5 6.2 AS holds three digits; no patient here is older than this. */
    public static final int MAX_YEARS = 110;

    public AgeRange {
        if (minYears < 0 || maxYears > MAX_YEARS || minYears > maxYears) {
            throw new IllegalArgumentException("ages must be 0 to " + MAX_YEARS + " years, youngest first, was "
                    + minYears + "-" + maxYears);
        }
    }

    /** Children of school age, below every adult-only product's minimum of 18 years. */
    public static AgeRange child() {
        return new AgeRange(4, 12);
    }

    /**
     * Parses the command-line form: {@code 7} (exactly 7 years), {@code 2-12} (2 to 12 years), or
     * {@code child} ({@link #child()}).
     */
    public static AgeRange parse(String spec) {
        String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (text.equals("child")) {
            return child();
        }
        if (!text.matches("[0-9]{1,3}(-[0-9]{1,3})?")) {
            throw new IllegalArgumentException("age must be YEARS, MIN-MAX (years) or child, was '" + spec + "'");
        }
        int dash = text.indexOf('-');
        return dash < 0 ? new AgeRange(Integer.parseInt(text), Integer.parseInt(text))
                : new AgeRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
    }
}
