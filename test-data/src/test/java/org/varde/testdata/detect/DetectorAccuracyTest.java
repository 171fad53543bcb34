package org.varde.testdata.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyKind;

/**
 * Each sandbox detector against the ground truth of generated sets: two seeds of ten studies each,
 * half of them with the finding at a size and place drawn per study. Small images keep it fast: CT
 * 256 x 256 (1.37 mm pixels) over 24 thin slices, chest 256 x 256 (1.7 mm), wrist 384 x 384 (0.6 mm).
 */
class DetectorAccuracyTest {

    private static final long[] SEEDS = {11, 12};
    private static final int STUDIES_PER_SEED = 10;

    @TempDir
    Path out;

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of(Finding.NODULE, 24, 256, 0.15, 1.5),
                Arguments.of(Finding.PE, 24, 256, 0.2, 1.5),
                Arguments.of(Finding.OPACITY, 0, 256, 0.1, 2),
                Arguments.of(Finding.FRACTURE, 0, 384, 0.1, 2));
    }

    /** The size and slice count of the test images of {@code finding}'s kind. */
    static GeneratorOptions options(Finding finding, int studies, long seed, int slices, int matrix, double rate) {
        return new GeneratorOptions(finding.kind(), studies, seed, slices, matrix)
                .planting(new PlantOptions(finding, 0, rate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void sensitivityAndSpecificityAreAtLeastNinetyPercentAndSizeAndPlaceMatch(Finding finding, int slices, int matrix,
            double relativeTolerance, double absoluteToleranceMm) throws IOException {
        FindingDetector detector = FindingDetector.of(finding);
        int truePositives = 0;
        int positives = 0;
        int trueNegatives = 0;
        int negatives = 0;
        List<String> misses = new ArrayList<>();
        for (long seed : SEEDS) {
            PlantedSet set = PlantedSet.generate(out.resolve(finding.cliName() + seed),
                    options(finding, STUDIES_PER_SEED, seed, slices, matrix, 0.5));
            for (PlantedSet.Study study : set.studies()) {
                GroundTruth truth = study.truth();
                DetectionReport report = detector.detect(study.files());
                assertEquals(truth.studyInstanceUid(), report.studyInstanceUid());
                if (truth.present()) {
                    positives++;
                    if (report.present()) {
                        truePositives++;
                        assertMatches(truth, report.largest(), relativeTolerance, absoluteToleranceMm);
                    } else {
                        misses.add("missed " + truth.diameterMm() + " mm in " + study.folder());
                    }
                } else {
                    negatives++;
                    if (!report.present()) {
                        trueNegatives++;
                    } else {
                        misses.add("false positive " + report.detections() + " in " + study.folder());
                    }
                }
            }
        }
        assertEquals(SEEDS.length * STUDIES_PER_SEED / 2, positives, "half of each set carries the finding");
        double sensitivity = (double) truePositives / positives;
        double specificity = (double) trueNegatives / negatives;
        assertTrue(sensitivity >= 0.9, finding + " sensitivity " + sensitivity + ": " + misses);
        assertTrue(specificity >= 0.9, finding + " specificity " + specificity + ": " + misses);
    }

    /** Same series, centre within the finding's radius (and the slice within it), size within tolerance. */
    static void assertMatches(GroundTruth truth, Detection found, double relativeTolerance, double absoluteToleranceMm) {
        GroundTruth.Location where = truth.location();
        assertEquals(where.seriesInstanceUid(), found.seriesInstanceUid(), "found in the series the truth names");
        assertTrue(where.sopInstanceUids().contains(found.sopInstanceUid()), "centre image shows the finding");
        assertTrue(Math.abs(found.instanceNumber() - where.instanceNumber()) <= 2,
                "centre slice " + found.instanceNumber() + ", truth " + where.instanceNumber());
        double off = Math.hypot(found.column() - where.column(), found.row() - where.row());
        assertTrue(off <= 3, "centre " + off + " pixels from the truth: " + found + " vs " + where);
        double tolerance = Math.max(absoluteToleranceMm, relativeTolerance * truth.diameterMm());
        assertEquals(truth.diameterMm(), found.diameterMm(), tolerance, "diameter of " + found);
    }
}
