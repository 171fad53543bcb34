package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.varde.testdata.Finding;

/**
 * A sandbox algorithm: finds one kind of finding in the pixels of a study by simple image processing
 * (thresholds, connected components, size filters). It reads only the DICOM instances it is given,
 * never a ground truth file or any marker: what it reports is what the pixels show.
 *
 * <p>Thread-safe: a detector holds no state between calls. Memory is bounded by a few images (CT: two
 * slices and their labels), whatever the size of the study.
 */
public interface FindingDetector {

    /** The finding this detector looks for. */
    Finding finding();

    /**
     * Looks at the instances of one study (files in any order, any other objects among them are
     * skipped) and reports what it found.
     *
     * @throws UnreadableImageException when an image it needs is not uncompressed 16-bit grayscale,
     *                                   or the instances are of more than one study
     * @throws IOException               when a file cannot be read
     */
    DetectionReport detect(Collection<Path> instances) throws IOException;

    /** The detector of {@code finding}. */
    static FindingDetector of(Finding finding) {
        return switch (finding) {
            case NODULE -> new NoduleDetector();
            case PE -> new EmbolismDetector();
            case OPACITY -> new OpacityDetector();
            case FRACTURE -> new FractureDetector();
        };
    }
}
