package org.varde.testdata.detect;

import java.util.List;
import org.varde.testdata.Finding;

/**
 * One finding in the pixels, located as an SR would reference it.
 *
 * @param finding           what it is
 * @param seriesInstanceUid the series it was found in
 * @param sopInstanceUid    the image through its centre
 * @param instanceNumber    that image's Instance Number (0 when the header has none)
 * @param sopInstanceUids   every image of the series it shows in, in the order of the series
 * @param column            centre column in image pixel coordinates (PS3.3 C.18.6.1.1: the centre of
 *                          the top left pixel is 0.5, 0.5)
 * @param row               centre row, same convention
 * @param diameterMm        estimated size in mm: a nodule's volume-equivalent sphere diameter, a
 *                          filling defect's or opacity's area-equivalent circle diameter (largest
 *                          cross-section), a break line's length across the bone
 * @param score             0 to 1: how clearly it stands out of what surrounds it; a heuristic
 *                          confidence, not a calibrated probability
 */
public record Detection(Finding finding, String seriesInstanceUid, String sopInstanceUid, int instanceNumber,
                        List<String> sopInstanceUids, double column, double row, double diameterMm, double score) {

    public Detection {
        sopInstanceUids = List.copyOf(sopInstanceUids);
    }
}
