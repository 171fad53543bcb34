package org.varde.testdata.detect;

import java.util.List;
import org.varde.testdata.Finding;

/**
 * What a detector found in one study.
 *
 * @param finding          what it looked for
 * @param studyInstanceUid the study its images belong to; null when it was given no image it reads
 * @param imagesRead       how many images it looked at (0: nothing it could read, so no verdict)
 * @param detections       each finding, largest first; empty when none
 */
public record DetectionReport(Finding finding, String studyInstanceUid, int imagesRead, List<Detection> detections) {

    public DetectionReport {
        detections = List.copyOf(detections);
    }

    /** Whether anything was found. */
    public boolean present() {
        return !detections.isEmpty();
    }

    /** The largest finding, or null when none. */
    public Detection largest() {
        return detections.isEmpty() ? null : detections.get(0);
    }
}
