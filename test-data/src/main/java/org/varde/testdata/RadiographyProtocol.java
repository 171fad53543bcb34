package org.varde.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A projection radiography examination: a fixed set of views, each a DX image in a series of its
 * own. PS3.3 C.7.6.1.1.1 gives each view's Patient Orientation as the image is displayed.
 *
 * @param profile       study description, ages, equipment
 * @param examName      start of every series description, e.g. "Thorax"
 * @param region        body part examined
 * @param paired        whether the body part has a left and a right: then one side per study is
 *                      drawn and named, else Image Laterality is U (unpaired)
 * @param views         the views in the order taken; their count is the default
 * @param defaultMatrix rows = columns when the options leave it at 0
 * @param detectorWidth mm the image covers
 * @param kvp           peak kilovoltage
 */
record RadiographyProtocol(ExaminationProfile profile, String examName, AnatomicRegion region, boolean paired,
                           List<View> views, int defaultMatrix, double detectorWidth, int kvp)
        implements ExaminationProtocol {

    /** One view: its projection, its name in the series description, its Patient Orientation. */
    record View(Projection projection, String name, List<String> patientOrientation) {
    }

    /**
     * Standing chest, PA and left lateral. Shown as if facing the patient, a PA image's rows run to
     * the patient's left (L) and its columns to the feet (F); a lateral shows anterior on the left,
     * so its rows run posterior (P).
     */
    static RadiographyProtocol chest() {
        return new RadiographyProtocol(
                new ExaminationProfile("Rtg Thorax", 18, 95,
                        ExaminationProfile.syntheticEquipment("SynthDR Standing", "SYNDX01")),
                "Thorax", AnatomicRegion.CHEST, false,
                List.of(new View(Projection.POSTERO_ANTERIOR, "PA", List.of("L", "F")),
                        new View(Projection.LEFT_LATERAL, "lat", List.of("P", "F"))),
                1024, 430, 125);
    }

    /**
     * Wrist of one side, PA, lateral and oblique. Shown fingers up, columns run from the fingers
     * towards the forearm (H); a PA seen from the back of the hand has rows running to the
     * patient's left (L), a lateral has them running posterior (P).
     */
    static RadiographyProtocol wrist() {
        return new RadiographyProtocol(
                new ExaminationProfile("Rtg Håndledd", 6, 90,
                        ExaminationProfile.syntheticEquipment("SynthDR Table", "SYNDX02")),
                "Håndledd", AnatomicRegion.WRIST, true,
                List.of(new View(Projection.POSTERO_ANTERIOR, "PA", List.of("L", "H")),
                        new View(Projection.LATERAL, "lat", List.of("P", "H")),
                        new View(Projection.OBLIQUE, "oblik", List.of("LP", "H"))),
                768, 240, 55);
    }

    @Override
    public Scene scene(SplittableRandom anatomy) {
        return region.equals(AnatomicRegion.WRIST) ? new WristRadiographScene(anatomy) : new ChestRadiographScene(anatomy);
    }

    /** {@code slicesOrImages} views, the protocol's views repeated in order when more are asked. */
    @Override
    public List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom) {
        int count = options.imagesOr(views.size());
        int matrix = options.matrixOr(defaultMatrix);
        String laterality = paired ? (studyRandom.nextBoolean() ? "R" : "L") : "U";
        String prefix = examName + sideName(laterality);
        List<SeriesProtocol> series = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            View view = views.get(i % views.size());
            series.add(new RadiographView(i + 1, prefix + " " + view.name(), region, view.projection(), laterality,
                    view.patientOrientation(), detectorWidth, kvp, matrix));
        }
        return series;
    }

    /** Norwegian abbreviations radiographers write: hø(yre) right, ve(nstre) left. */
    private static String sideName(String laterality) {
        return switch (laterality) {
            case "R" -> " hø";
            case "L" -> " ve";
            default -> "";
        };
    }
}
