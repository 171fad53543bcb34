package org.varde.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Wrist radiograph of one side: PA, lateral and oblique views, each in a series of its own. */
final class WristRadiographyProtocol implements ExaminationProtocol {

    static final int DEFAULT_VIEWS = 3;
    static final int DEFAULT_MATRIX = 768;
    private static final double DETECTOR_WIDTH_MM = 240;
    private static final int KVP = 55;

    /**
     * Projection, description and Patient Orientation of each view. PS3.3 C.7.6.1.1.1: shown
     * fingers up, columns run from the fingers towards the forearm (H); in a PA view seen from the
     * back of the hand rows run towards the patient's left (L), in a lateral towards posterior (P).
     */
    private record View(Projection projection, String name, List<String> patientOrientation) {
    }

    private static final List<View> VIEWS = List.of(
            new View(Projection.POSTERO_ANTERIOR, "PA", List.of("L", "H")),
            new View(Projection.LATERAL, "lat", List.of("P", "H")),
            new View(Projection.OBLIQUE, "oblik", List.of("LP", "H")));

    @Override
    public String studyDescription() {
        return "Rtg Håndledd";
    }

    @Override
    public int minAge() {
        return 6;
    }

    @Override
    public int maxAge() {
        return 90;
    }

    @Override
    public Equipment equipment() {
        return new Equipment("Varde Synthetic Imaging", "SynthDR Table", "SYNDX02", "VARDE-GEN 1.0");
    }

    @Override
    public List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom) {
        int views = options.imagesOr(DEFAULT_VIEWS);
        int matrix = options.matrixOr(DEFAULT_MATRIX);
        String side = studyRandom.nextBoolean() ? "R" : "L";
        String sideName = "R".equals(side) ? "hø" : "ve";
        List<SeriesProtocol> series = new ArrayList<>(views);
        for (int i = 0; i < views; i++) {
            View view = VIEWS.get(i % VIEWS.size());
            series.add(new RadiographView(i + 1, "Håndledd " + sideName + " " + view.name(), AnatomicRegion.WRIST,
                    view.projection(), side, view.patientOrientation(), DETECTOR_WIDTH_MM, KVP, matrix));
        }
        return series;
    }
}
