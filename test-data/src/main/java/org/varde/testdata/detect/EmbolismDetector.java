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
 * Pulmonary emboli on a CT pulmonary angiogram: per slice, the opacified vessels are above
 * {@value #CONTRAST_ABOVE_HU} HU; a region below that, wholly surrounded by contrast, with the
 * density of thrombus (not air, not fat) is a filling defect; defects join across slices, and one
 * with a largest cross-section of at least {@value #MIN_DIAMETER_MM} mm (area-equivalent circle)
 * seen on at least two slices is an embolus.
 */
public final class EmbolismDetector implements FindingDetector {

    private static final Logger LOG = LoggerFactory.getLogger(EmbolismDetector.class);
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
        List<ImageHeader> headers = InstanceReader.headers(instances);
        AxialSeries series = AxialSeries.choose(headers);
        String study = headers.isEmpty() ? null : headers.get(0).studyInstanceUid();
        if (series == null) {
            return new DetectionReport(Finding.PE, study, 0, List.of());
        }
        StackComponents stack = new StackComponents();
        for (ImageHeader slice : series.slices()) {
            addSlice(stack, InstanceReader.pixels(slice));
        }
        List<Detection> found = new ArrayList<>();
        for (StackComponents.Blob blob : stack.blobs()) {
            double diameter = 2 * Math.sqrt(blob.largestArea * series.pixelArea() / Math.PI);
            if (diameter >= MIN_DIAMETER_MM && blob.slices() >= 2 && blob.meanValue() >= CLOT_FROM_HU) {
                double score = Math.max(0, Math.min(1, (CONTRAST_ABOVE_HU - blob.meanValue()) / CONTRAST_ABOVE_HU));
                found.add(series.detection(Finding.PE, blob, NoduleDetector.round(diameter), NoduleDetector.round(score)));
            }
        }
        found.sort(Comparator.comparingDouble(Detection::diameterMm).reversed());
        LOG.debug("embolism detector: study {}, {} slices of series {}, {} found", study, series.slices().size(),
                series.seriesInstanceUid(), found.size());
        return new DetectionReport(Finding.PE, study, series.slices().size(), found);
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
