package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.varde.testdata.Finding;

/**
 * Lung nodules on a chest CT: per slice, the lung field is the air-density tissue inside the body
 * (below -400 HU, not connected to the air around the patient); a denser region wholly surrounded by
 * lung is a candidate; candidates join across slices into 3D regions, and a region with a
 * volume-equivalent diameter of at least {@value #MIN_DIAMETER_MM} mm, no longer along z than about
 * three times its width (a vessel would be), is a nodule.
 */
public final class NoduleDetector implements FindingDetector {

    /** Between aerated lung (about -850 HU) and soft tissue (about 40 HU). */
    static final double LUNG_BELOW_HU = -400;
    static final double MIN_DIAMETER_MM = 3;
    private static final double MAX_ELONGATION = 3;

    @Override
    public Finding finding() {
        return Finding.NODULE;
    }

    @Override
    public DetectionReport detect(Collection<Path> instances) throws IOException {
        AxialScan scan = AxialScan.of(instances, NoduleDetector::addSlice);
        List<Detection> found = new ArrayList<>();
        for (StackComponents.Blob blob : scan.blobs()) {
            AxialSeries series = scan.series();
            double diameter = Math.cbrt(6 * blob.voxels * series.voxelVolume() / Math.PI);
            double length = blob.slices() * series.sliceSpacing();
            if (diameter >= MIN_DIAMETER_MM && length <= MAX_ELONGATION * diameter + series.sliceSpacing()) {
                double score = Math.max(0, Math.min(1, (blob.meanValue() - LUNG_BELOW_HU) / 400));
                found.add(series.detection(Finding.NODULE, blob, round(diameter), round(score)));
            }
        }
        return scan.report(Finding.NODULE, found);
    }

    /** Dense regions of this slice enclosed by lung. */
    private static void addSlice(StackComponents stack, PixelImage image) {
        int n = image.values().length;
        boolean[] air = new boolean[n];
        boolean[] dense = new boolean[n];
        for (int i = 0; i < n; i++) {
            air[i] = image.values()[i] < LUNG_BELOW_HU;
            dense[i] = !air[i];
        }
        Components airRegions = Components.of(air, null, image.rows(), image.columns());
        // the air around the patient reaches the edge of the image; the lungs do not
        boolean[] lung = new boolean[airRegions.all().size()];
        for (Components.Component region : airRegions.all()) {
            lung[region.label] = !region.touchesEdge;
        }
        Components denseRegions = Components.of(dense, image.values(), image.rows(), image.columns());
        stack.add(denseRegions, denseRegions.enclosedBy(airRegions, lung));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
