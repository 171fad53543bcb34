package org.varde.testdata.detect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.varde.testdata.Finding;

/**
 * One projection radiograph being read: its pixels, its pixel spacing at the detector, and the three
 * intensity classes of its histogram (direct exposure, soft tissue, dense: lung fields fall in the
 * dark classes, bone in the bright one).
 */
record Radiograph(PixelImage image, double[] spacing, double denseFrom) {

    /** The radiographs (DX, CR) among the headers that carry pixels. */
    static List<ImageHeader> among(List<ImageHeader> headers) {
        List<ImageHeader> radiographs = new ArrayList<>();
        for (ImageHeader header : headers) {
            String modality = header.modality();
            if (header.hasPixels() && (modality.equals("DX") || modality.equals("CR"))) {
                radiographs.add(header);
            }
        }
        return radiographs;
    }

    static Radiograph read(ImageHeader header) throws IOException {
        double[] spacing = header.pixelSpacing();
        if (spacing == null || !(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new UnreadableImageException(header.file().getFileName() + " (" + header.sopInstanceUid()
                    + "): no usable Imager Pixel Spacing");
        }
        PixelImage image = InstanceReader.pixels(header);
        return new Radiograph(image, spacing, Thresholds.threeClasses(image.values())[1]);
    }

    double pixelArea() {
        return spacing[0] * spacing[1];
    }

    /** mm^2 of {@code pixels} pixels as the diameter of a circle of that area. */
    double circleDiameter(int pixels) {
        return 2 * Math.sqrt(pixels * pixelArea() / Math.PI);
    }

    boolean[] mask(boolean dense) {
        float[] values = image.values();
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = (values[i] >= denseFrom) == dense;
        }
        return mask;
    }

    Components regions(boolean dense) {
        return Components.of(mask(dense), image.values(), image.rows(), image.columns());
    }

    Detection detection(Finding finding, double column, double row, double diameterMm, double score) {
        ImageHeader header = image.header();
        return new Detection(finding, header.seriesInstanceUid(), header.sopInstanceUid(), header.instanceNumber(),
                List.of(header.sopInstanceUid()), column + 0.5, row + 0.5, NoduleDetector.round(diameterMm),
                NoduleDetector.round(score));
    }
}
