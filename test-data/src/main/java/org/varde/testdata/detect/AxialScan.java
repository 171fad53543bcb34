package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.testdata.Finding;

/**
 * The part the CT detectors share: read the headers, choose the thin series, stream its slices
 * through a per-slice step that adds the slice's candidate regions to a 3D stack, and report.
 */
record AxialScan(String studyInstanceUid, AxialSeries series, Collection<StackComponents.Blob> blobs) {

    private static final Logger LOG = LoggerFactory.getLogger(AxialScan.class);

    /** Scans the study's thin CT series slice by slice; {@code series} is null when it has none. */
    static AxialScan of(Collection<Path> instances, BiConsumer<StackComponents, PixelImage> perSlice)
            throws IOException {
        List<ImageHeader> headers = InstanceReader.headers(instances);
        String study = headers.isEmpty() ? null : headers.get(0).studyInstanceUid();
        AxialSeries series = AxialSeries.choose(headers);
        if (series == null) {
            return new AxialScan(study, null, List.of());
        }
        StackComponents stack = new StackComponents();
        for (ImageHeader slice : series.slices()) {
            perSlice.accept(stack, InstanceReader.pixels(slice));
        }
        return new AxialScan(study, series, stack.blobs());
    }

    /** The report of {@code found}, largest first. */
    DetectionReport report(Finding finding, List<Detection> found) {
        List<Detection> sorted = found.stream().sorted(Comparator.comparingDouble(Detection::diameterMm).reversed())
                .toList();
        int slices = series == null ? 0 : series.slices().size();
        LOG.debug("{} detector: study {}, {} slices, {} found", finding.cliName(), studyInstanceUid, slices, sorted.size());
        return new DetectionReport(finding, studyInstanceUid, slices, sorted);
    }
}
