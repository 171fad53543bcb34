package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.varde.testdata.Finding;

/**
 * Opacities on a chest radiograph: the lung fields are the large dark regions inside the body (not
 * connected to the direct exposure around it); a dense region wholly inside a lung field with an
 * area-equivalent diameter of at least {@value #MIN_DIAMETER_MM} mm is an opacity. Every view is read.
 */
public final class OpacityDetector implements FindingDetector {

    static final double MIN_DIAMETER_MM = 5;
    /** Smaller dark regions inside the body are no lung field. */
    private static final double MIN_LUNG_MM2 = 2000;

    @Override
    public Finding finding() {
        return Finding.OPACITY;
    }

    @Override
    public DetectionReport detect(Collection<Path> instances) throws IOException {
        return RadiographScan.detect(Finding.OPACITY, instances, OpacityDetector::opacities,
                Comparator.comparingDouble(Detection::diameterMm).reversed());
    }

    private static List<Detection> opacities(Radiograph radiograph) {
        Components dark = radiograph.regions(false);
        boolean[] lung = new boolean[dark.all().size()];
        for (Components.Component region : dark.all()) {
            lung[region.label] = !region.touchesEdge && region.area * radiograph.pixelArea() >= MIN_LUNG_MM2;
        }
        Components dense = radiograph.regions(true);
        boolean[] enclosed = dense.enclosedBy(dark, lung);
        List<Detection> found = new ArrayList<>();
        for (Components.Component region : dense.all()) {
            double diameter = radiograph.circleDiameter(region.area);
            if (enclosed[region.label] && diameter >= MIN_DIAMETER_MM) {
                double score = Math.max(0, Math.min(1, (region.meanValue() - radiograph.denseFrom())
                        / (0.25 * radiograph.denseFrom())));
                found.add(radiograph.detection(Finding.OPACITY, region.centreColumn(), region.centreRow(), diameter,
                        score));
            }
        }
        return found;
    }
}
