package org.varde.testdata;

import java.util.Locale;
import java.util.Objects;

/**
 * What to plant in a generated set: which finding, its diameter, and which share of the studies
 * carry it. The others are negatives; every study of the set gets a ground truth file either way.
 *
 * @param finding      the finding
 * @param diameterMm   the diameter in mm, or 0 to draw one per study from the finding's range
 * @param positiveRate share of studies with the finding, 0 to 1; exactly round(studies x rate) of
 *                     them, spread evenly through the set
 */
public record PlantOptions(Finding finding, double diameterMm, double positiveRate) {

    public PlantOptions {
        Objects.requireNonNull(finding, "finding");
        if (!(positiveRate >= 0 && positiveRate <= 1)) {
            throw new IllegalArgumentException("positive rate must be 0 to 1, was " + positiveRate);
        }
        if (diameterMm != 0 && !finding.sizeChoosable()) {
            throw new IllegalArgumentException("the size of a " + finding.cliName()
                    + " follows from the anatomy; give no size");
        }
        if (diameterMm != 0 && !(diameterMm >= finding.minMm() && diameterMm <= finding.maxMm())) {
            throw new IllegalArgumentException(finding.cliName() + " diameter must be " + number(finding.minMm())
                    + " to " + mm(finding.maxMm()) + ", was " + mm(diameterMm));
        }
    }

    /**
     * Parses the command-line form {@code FINDING[:SIZEmm]}, e.g. {@code nodule}, {@code nodule:10mm}
     * or {@code opacity:25mm}; the unit is required so that a size is never misread.
     */
    public static PlantOptions parse(String spec, double positiveRate) {
        String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new PlantOptions(Finding.fromCliName(text), 0, positiveRate);
        }
        Finding finding = Finding.fromCliName(text.substring(0, colon));
        String size = text.substring(colon + 1);
        if (!size.matches("[0-9]{1,3}(\\.[0-9]{1,2})?mm")) {
            throw new IllegalArgumentException("size must be a number of mm such as 10mm, was '" + size + "'");
        }
        return new PlantOptions(finding, Double.parseDouble(size.substring(0, size.length() - 2)), positiveRate);
    }

    /**
     * Whether study {@code index} (from 1) carries the finding: the positives of a set are spread
     * evenly, as a line is drawn on a grid, so a set of 20 at rate 0.5 has exactly 10.
     */
    boolean positive(int index) {
        return Math.floor(index * positiveRate + 0.5) - Math.floor((index - 1) * positiveRate + 0.5) >= 1;
    }

    private static String mm(double value) {
        return number(value) + " mm";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
