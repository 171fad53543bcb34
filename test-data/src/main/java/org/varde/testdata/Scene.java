package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The anatomy of one synthetic study, drawn image by image: a simple phantom of the body part with
 * its tissues at their usual values, so that a finding planted in it can be told from it by simple
 * image processing, as a reader or an algorithm would.
 */
interface Scene {

    /** The Pixel Data of the image on {@code plane}, with {@code plantOrNull} drawn into it. */
    byte[] pixels(ImagePlane plane, PixelFormat format, Plant plantOrNull, SplittableRandom noise);

    /**
     * {@code finding} of {@code diameterMm} (0: drawn from the finding's range) placed where it
     * belongs in this anatomy, within the images of {@code series}.
     *
     * @throws IllegalArgumentException when this study cannot hold the finding (wrong kind, too few slices)
     */
    Plant plant(Finding finding, double diameterMm, SplittableRandom random, List<SeriesProtocol> series);

    /** A size drawn from the range, no larger than {@code fits}. */
    static double size(Finding finding, double diameterMm, SplittableRandom random, double fits) {
        if (diameterMm > 0) {
            return diameterMm;
        }
        double max = Math.min(finding.maxMm(), fits);
        if (max < finding.minMm()) {
            return finding.minMm();
        }
        // whole tenths of a mm, so the ground truth reads cleanly
        return Math.round(random.nextDouble(finding.minMm(), Math.nextUp(max)) * 10) / 10.0;
    }

    /** Pure noise, as MR images have always been written here: nothing can be planted. */
    final class Noise implements Scene {
        @Override
        public byte[] pixels(ImagePlane plane, PixelFormat format, Plant plantOrNull, SplittableRandom noise) {
            return PixelNoise.generate(format, noise);
        }

        @Override
        public Plant plant(Finding finding, double diameterMm, SplittableRandom random, List<SeriesProtocol> series) {
            throw new IllegalArgumentException("nothing can be planted in this kind of study");
        }
    }
}
