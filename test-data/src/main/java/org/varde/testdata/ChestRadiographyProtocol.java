package org.varde.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Chest radiograph, standing: a PA view and a left lateral (LL), each in a series of its own. */
final class ChestRadiographyProtocol implements ExaminationProtocol {

    static final int DEFAULT_VIEWS = 2;
    static final int DEFAULT_MATRIX = 1024;
    private static final double DETECTOR_WIDTH_MM = 430;
    private static final int KVP = 125;

    @Override
    public String studyDescription() {
        return "Rtg Thorax";
    }

    @Override
    public int minAge() {
        return 18;
    }

    @Override
    public int maxAge() {
        return 95;
    }

    @Override
    public Equipment equipment() {
        return new Equipment("Varde Synthetic Imaging", "SynthDR Standing", "SYNDX01", "VARDE-GEN 1.0");
    }

    /**
     * {@code slicesOrImages} views, alternating PA and lateral. PS3.3 C.7.6.1.1.1: displayed as if
     * facing the patient, a PA image's rows run to the patient's left (L) and its columns to the
     * feet (F); a lateral shows anterior on the left, so its rows run posterior (P).
     */
    @Override
    public List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom) {
        int views = options.imagesOr(DEFAULT_VIEWS);
        int matrix = options.matrixOr(DEFAULT_MATRIX);
        List<SeriesProtocol> series = new ArrayList<>(views);
        for (int i = 0; i < views; i++) {
            boolean pa = i % 2 == 0;
            Projection projection = pa ? Projection.POSTERO_ANTERIOR : Projection.LEFT_LATERAL;
            List<String> orientation = pa ? List.of("L", "F") : List.of("P", "F");
            series.add(new RadiographView(i + 1, pa ? "Thorax PA" : "Thorax lat", AnatomicRegion.CHEST, projection,
                    "U", orientation, DETECTOR_WIDTH_MM, KVP, matrix));
        }
        return series;
    }
}
