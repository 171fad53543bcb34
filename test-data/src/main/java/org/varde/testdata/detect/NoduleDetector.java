package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.testdata.Finding;

/**
 * Lung nodules on a chest CT: per slice, the lung field is the air-density tissue inside the body
 * (below -400 HU, not connected to the air around the patient); a denser region wholly surrounded by
 * lung is a candidate; candidates join across slices into 3D regions, and a region with a
 * volume-equivalent diameter of at least {@value #MIN_DIAMETER_MM} mm, no longer along z than about
 * three times its width (a vessel would be), is a nodule.
 */
public final class NoduleDetector implements FindingDetector {

    private static final Logger LOG = LoggerFactory.getLogger(NoduleDetector.class);
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
        List<ImageHeader> headers = InstanceReader.headers(instances);
        AxialSeries series = AxialSeries.choose(headers);
        String study = headers.isEmpty() ? null : headers.get(0).studyInstanceUid();
        if (series == null) {
            return new DetectionReport(Finding.NODULE, study, 0, List.of());
        }
        StackComponents stack = new StackComponents();
        for (ImageHeader slice : series.slices()) {
            PixelImage image = InstanceReader.pixels(slice);
            addSlice(stack, image);
        }
        List<Detection> found = new ArrayList<>();
        for (StackComponents.Blob blob : stack.blobs()) {
            double diameter = Math.cbrt(6 * blob.voxels * series.voxelVolume() / Math.PI);
            double length = blob.slices() * series.sliceSpacing();
            if (diameter >= MIN_DIAMETER_MM && length <= MAX_ELONGATION * diameter + series.sliceSpacing()) {
                double score = Math.max(0, Math.min(1, (blob.meanValue() - LUNG_BELOW_HU) / 400));
                found.add(series.detection(Finding.NODULE, blob, round(diameter), round(score)));
            }
        }
        found.sort(Comparator.comparingDouble(Detection::diameterMm).reversed());
        LOG.debug("nodule detector: study {}, {} slices of series {}, {} found", study, series.slices().size(),
                series.seriesInstanceUid(), found.size());
        return new DetectionReport(Finding.NODULE, study, series.slices().size(), found);
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
