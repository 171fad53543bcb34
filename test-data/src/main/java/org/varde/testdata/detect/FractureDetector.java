package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.varde.testdata.Finding;

/**
 * Fractures on a wrist radiograph: bone is the brightest class of the image; a complete break line
 * splits a bone into two fragments that lie end to end, as wide as each other, separated by a thin
 * dark line across the whole width. A joint space separates bones of different widths (radius and
 * carpal bones), or is wider; so two bone regions, one above the other, of widths within
 * {@value #MIN_WIDTH_RATIO} of each other, separated by at most {@value #MAX_GAP_MM} mm over at
 * least {@value #MIN_MATCHED} of the narrower one's width, are a fracture. Every view is read.
 */
public final class FractureDetector implements FindingDetector {

    static final double MAX_GAP_MM = 4;
    static final double MIN_WIDTH_RATIO = 0.7;
    static final double MIN_MATCHED = 0.8;
    /** Smaller bright specks are no bone. */
    private static final double MIN_BONE_MM2 = 20;
    private static final double MIN_FRAGMENT_MM = 3;

    @Override
    public Finding finding() {
        return Finding.FRACTURE;
    }

    @Override
    public DetectionReport detect(Collection<Path> instances) throws IOException {
        return RadiographScan.detect(Finding.FRACTURE, instances, FractureDetector::fractures,
                Comparator.comparingDouble(Detection::score).reversed());
    }

    private static List<Detection> fractures(Radiograph radiograph) {
        Components bone = radiograph.regions(true);
        List<Outline> bones = new ArrayList<>();
        for (Components.Component region : bone.all()) {
            if (region.area * radiograph.pixelArea() >= MIN_BONE_MM2
                    && (region.maxRow - region.minRow + 1) * radiograph.spacing()[0] >= MIN_FRAGMENT_MM) {
                bones.add(Outline.of(bone, region));
            }
        }
        List<Detection> found = new ArrayList<>();
        for (Outline upper : bones) {
            for (Outline lower : bones) {
                if (upper != lower) {
                    Detection detection = breakBetween(radiograph, upper, lower);
                    if (detection != null) {
                        found.add(detection);
                    }
                }
            }
        }
        return found;
    }

    /** The break line between {@code upper} and {@code lower} when they are two fragments of one bone. */
    private static Detection breakBetween(Radiograph radiograph, Outline upper, Outline lower) {
        int narrower = Math.min(upper.width(), lower.width());
        if ((double) narrower / Math.max(upper.width(), lower.width()) < MIN_WIDTH_RATIO) {
            return null;
        }
        double rowSpacing = radiograph.spacing()[0];
        double columnSpacing = radiograph.spacing()[1];
        int from = Math.max(upper.firstColumn(), lower.firstColumn());
        int to = Math.min(upper.lastColumn(), lower.lastColumn());
        List<double[]> line = new ArrayList<>();
        for (int column = from; column <= to; column++) {
            int bottom = upper.bottom(column);
            int top = lower.top(column);
            if (bottom >= 0 && top > bottom && (top - bottom - 1) * rowSpacing <= MAX_GAP_MM) {
                line.add(new double[] {column, (bottom + top) / 2.0});
            }
        }
        double matched = (double) line.size() / narrower;
        if (matched < MIN_MATCHED) {
            return null;
        }
        double[] fit = fit(line);
        double run = (line.get(line.size() - 1)[0] - line.get(0)[0] + 1) * columnSpacing;
        double length = run * Math.sqrt(1 + Math.pow(fit[1] * rowSpacing / columnSpacing, 2));
        return radiograph.detection(Finding.FRACTURE, fit[2], fit[0] + fit[1] * fit[2], length, Math.min(1, matched));
    }

    /** Least-squares row = a + b * column through the points: {a, b, mean column}. */
    private static double[] fit(List<double[]> points) {
        double meanC = 0;
        double meanR = 0;
        for (double[] p : points) {
            meanC += p[0];
            meanR += p[1];
        }
        meanC /= points.size();
        meanR /= points.size();
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - meanC) * (p[0] - meanC);
            sxy += (p[0] - meanC) * (p[1] - meanR);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {meanR - slope * meanC, slope, meanC};
    }

    /** A bone region's top and bottom row in each column it covers (-1 where it covers none). */
    private record Outline(int firstColumn, int[] tops, int[] bottoms) {

        static Outline of(Components labels, Components.Component region) {
            int width = region.maxColumn - region.minColumn + 1;
            int[] tops = new int[width];
            int[] bottoms = new int[width];
            java.util.Arrays.fill(tops, -1);
            java.util.Arrays.fill(bottoms, -1);
            for (int row = region.minRow; row <= region.maxRow; row++) {
                for (int column = region.minColumn; column <= region.maxColumn; column++) {
                    if (labels.label(column, row) == region.label) {
                        int i = column - region.minColumn;
                        tops[i] = tops[i] < 0 ? row : tops[i];
                        bottoms[i] = row;
                    }
                }
            }
            return new Outline(region.minColumn, tops, bottoms);
        }

        int width() {
            return tops.length;
        }

        int lastColumn() {
            return firstColumn + tops.length - 1;
        }

        int top(int column) {
            return tops[column - firstColumn];
        }

        int bottom(int column) {
            return bottoms[column - firstColumn];
        }
    }
}
