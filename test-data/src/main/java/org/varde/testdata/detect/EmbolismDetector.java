package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.varde.testdata.Finding;

/**
 * Pulmonary emboli on a CT pulmonary angiogram: per slice, the opacified vessels are above
 * {@value #CONTRAST_ABOVE_HU} HU; a region below that, wholly surrounded by contrast, with the
 * density of thrombus (not air, not fat) is a filling defect; defects join across slices, and one
 * with a largest cross-section of at least {@value #MIN_DIAMETER_MM} mm (area-equivalent circle)
 * seen on at least two slices is an embolus.
 */
public final class EmbolismDetector implements FindingDetector {

    /** Between thrombus (about 20-80 HU) and opacified blood (250-400 HU in the pulmonary arteries). */
    static final double CONTRAST_ABOVE_HU = 150;
    /** Thrombus and soft tissue; a darker hole in a bright ring is air or fat, not a clot. */
    private static final double CLOT_FROM_HU = -50;
    static final double MIN_DIAMETER_MM = 3;

    @Override
    public Finding finding() {
        return Finding.PE;
    }

    @Override
    public DetectionReport detect(Collection<Path> instances) throws IOException {
        AxialScan scan = AxialScan.of(instances, EmbolismDetector::addSlice);
        List<Detection> found = new ArrayList<>();
        for (StackComponents.Blob blob : scan.blobs()) {
            double diameter = 2 * Math.sqrt(blob.largestArea * scan.series().pixelArea() / Math.PI);
            if (diameter >= MIN_DIAMETER_MM && blob.slices() >= 2 && blob.meanValue() >= CLOT_FROM_HU) {
                double score = Math.max(0, Math.min(1, (CONTRAST_ABOVE_HU - blob.meanValue()) / CONTRAST_ABOVE_HU));
                found.add(scan.series().detection(Finding.PE, blob, NoduleDetector.round(diameter),
                        NoduleDetector.round(score)));
            }
        }
        return scan.report(Finding.PE, found);
    }

    /** Regions below contrast density enclosed by contrast: holes in the opacified vessels. */
    private static void addSlice(StackComponents stack, PixelImage image) {
        int n = image.values().length;
        boolean[] contrast = new boolean[n];
        boolean[] rest = new boolean[n];
        for (int i = 0; i < n; i++) {
            contrast[i] = image.values()[i] > CONTRAST_ABOVE_HU;
            rest[i] = !contrast[i];
        }
        Components bright = Components.of(contrast, null, image.rows(), image.columns());
        boolean[] any = new boolean[bright.all().size()];
        java.util.Arrays.fill(any, true);
        Components holes = Components.of(rest, image.values(), image.rows(), image.columns());
        stack.add(holes, holes.enclosedBy(bright, any));
    }
}
