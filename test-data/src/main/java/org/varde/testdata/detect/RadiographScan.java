package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.testdata.Finding;

/** The part the radiograph detectors share: every DX/CR image of the study read in turn, one at a time. */
final class RadiographScan {

    private static final Logger LOG = LoggerFactory.getLogger(RadiographScan.class);

    private RadiographScan() {
    }

    /** What {@code perImage} finds on each radiograph, ordered by {@code order}. */
    static DetectionReport detect(Finding finding, Collection<Path> instances,
                                  Function<Radiograph, List<Detection>> perImage, Comparator<Detection> order)
            throws IOException {
        List<ImageHeader> headers = InstanceReader.headers(instances);
        List<ImageHeader> radiographs = Radiograph.among(headers);
        List<Detection> found = new ArrayList<>();
        for (ImageHeader header : radiographs) {
            found.addAll(perImage.apply(Radiograph.read(header)));
        }
        found.sort(order);
        String study = headers.isEmpty() ? null : headers.get(0).studyInstanceUid();
        LOG.debug("{} detector: study {}, {} radiographs, {} found", finding.cliName(), study, radiographs.size(),
                found.size());
        return new DetectionReport(finding, study, radiographs.size(), found);
    }
}
