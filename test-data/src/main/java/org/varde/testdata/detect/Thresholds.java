package org.varde.testdata.detect;

/**
 * Otsu's method (1979): the threshold that best splits an image's histogram into classes, by the
 * largest variance between the classes' means. Used where a radiograph's values are not calibrated
 * the way Hounsfield units are.
 */
final class Thresholds {

    private static final int BINS = 256;

    private Thresholds() {
    }

    /**
     * Two thresholds splitting the values into three classes (dark, middle, bright), as values:
     * {@code {low, high}}; a pixel above {@code high} is in the bright class.
     */
    static double[] threeClasses(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        if (!(max > min)) {
            return new double[] {max, max};
        }
        double width = (max - min) / (double) BINS;
        long[] histogram = new long[BINS];
        for (float value : values) {
            histogram[Math.min(BINS - 1, (int) ((value - min) / width))]++;
        }
        double[] count = new double[BINS + 1];
        double[] sum = new double[BINS + 1];
        for (int i = 0; i < BINS; i++) {
            count[i + 1] = count[i] + histogram[i];
            sum[i + 1] = sum[i] + histogram[i] * (i + 0.5);
        }
        double best = -1;
        int bestLow = 1;
        int bestHigh = 2;
        for (int low = 1; low < BINS - 1; low++) {
            for (int high = low + 1; high < BINS; high++) {
                double score = between(count, sum, 0, low) + between(count, sum, low, high)
                        + between(count, sum, high, BINS);
                if (score > best) {
                    best = score;
                    bestLow = low;
                    bestHigh = high;
                }
            }
        }
        return new double[] {min + bestLow * width, min + bestHigh * width};
    }

    /** n * mean^2 of the bins [from, to): maximising the sum over classes maximises the between-class variance. */
    private static double between(double[] count, double[] sum, int from, int to) {
        double n = count[to] - count[from];
        if (n == 0) {
            return 0;
        }
        double s = sum[to] - sum[from];
        return s * s / n;
    }
}
