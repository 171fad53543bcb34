package org.varde.testdata.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CT series a detector reads: of the study's CT image series with at least three slices, the one
 * with the thinnest slices (then the most), sorted along z, as a radiologist reads the thin
 * reconstruction for nodules and emboli.
 */
record AxialSeries(List<ImageHeader> slices, double sliceSpacing, double[] pixelSpacing) {

    private static final int MIN_SLICES = 3;

    /** The series to read, or null when the study has no CT series to read. */
    static AxialSeries choose(List<ImageHeader> headers) throws UnreadableImageException {
        Map<String, List<ImageHeader>> bySeries = new LinkedHashMap<>();
        for (ImageHeader header : headers) {
            if (header.hasPixels() && header.modality().equals("CT") && !Double.isNaN(header.z())) {
                bySeries.computeIfAbsent(header.seriesInstanceUid(), uid -> new ArrayList<>()).add(header);
            }
        }
        List<ImageHeader> best = null;
        for (List<ImageHeader> series : bySeries.values()) {
            if (series.size() >= MIN_SLICES && (best == null || thinner(series, best))) {
                best = series;
            }
        }
        if (best == null) {
            return null;
        }
        List<ImageHeader> sorted = new ArrayList<>(best);
        // head first: PS3.3 C.7.6.2.1.1, +z points to the head
        sorted.sort(Comparator.comparingDouble(ImageHeader::z).reversed());
        double spacing = Math.abs(sorted.get(0).z() - sorted.get(sorted.size() - 1).z()) / (sorted.size() - 1);
        double[] pixelSpacing = sorted.get(0).pixelSpacing();
        if (pixelSpacing == null || !(spacing > 0) || !(pixelSpacing[0] > 0) || !(pixelSpacing[1] > 0)) {
            throw new UnreadableImageException("series " + sorted.get(0).seriesInstanceUid()
                    + ": no usable Pixel Spacing or slice positions");
        }
        return new AxialSeries(sorted, spacing, pixelSpacing);
    }

    private static boolean thinner(List<ImageHeader> series, List<ImageHeader> than) {
        double a = series.get(0).sliceThickness();
        double b = than.get(0).sliceThickness();
        if (a != b && !Double.isNaN(a) && !Double.isNaN(b)) {
            return a < b;
        }
        return series.size() > than.size();
    }

    String seriesInstanceUid() {
        return slices.get(0).seriesInstanceUid();
    }

    /** mm^3 of one voxel. */
    double voxelVolume() {
        return pixelSpacing[0] * pixelSpacing[1] * sliceSpacing;
    }

    /** mm^2 of one pixel. */
    double pixelArea() {
        return pixelSpacing[0] * pixelSpacing[1];
    }

    /** A detection of {@code blob} found on these slices. */
    Detection detection(org.varde.testdata.Finding finding, StackComponents.Blob blob, double diameterMm,
                        double score) {
        int centre = (int) Math.round(blob.centreSlice());
        List<String> uids = new ArrayList<>();
        for (int i = blob.firstSlice; i <= blob.lastSlice; i++) {
            uids.add(slices.get(i).sopInstanceUid());
        }
        ImageHeader through = slices.get(centre);
        return new Detection(finding, seriesInstanceUid(), through.sopInstanceUid(), through.instanceNumber(), uids,
                blob.centreColumn() + 0.5, blob.centreRow() + 0.5, diameterMm, score);
    }
}
