package org.varde.testdata.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.StudyGenerator;

/**
 * The finding is in the pixels and nowhere else: the same seed without the plant writes the same
 * study, differing only in the pixels of the images the ground truth names, and then the detector
 * finds nothing. And a detector finds nothing on every negative, nor on the other CT finding.
 */
class PlantInThePixelsTest {

    @TempDir
    Path out;

    static Stream<Arguments> findings() {
        return Stream.of(Arguments.of(Finding.NODULE, 24, 128), Arguments.of(Finding.PE, 24, 128),
                Arguments.of(Finding.OPACITY, 0, 256), Arguments.of(Finding.FRACTURE, 0, 384));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void withoutThePlantTheSameSeedWritesTheSameStudyAndTheDetectorFindsNothing(Finding finding, int slices, int matrix)
            throws IOException {
        GeneratorOptions planted = DetectorAccuracyTest.options(finding, 2, 77, slices, matrix, 1.0);
        PlantedSet with = PlantedSet.generate(out.resolve("with"), planted);
        PlantedSet without = PlantedSet.generate(out.resolve("without"), planted.planting(null));
        FindingDetector detector = FindingDetector.of(finding);

        for (int i = 0; i < with.studies().size(); i++) {
            PlantedSet.Study positive = with.studies().get(i);
            PlantedSet.Study plain = without.studies().get(i);
            assertTrue(positive.truth().present());
            assertEquals(null, plain.truth(), "no plant, no ground truth file");
            assertTrue(detector.detect(positive.files()).present(), "found with the plant: " + positive.folder());
            assertFalse(detector.detect(plain.files()).present(), "nothing without it: " + plain.folder());
            assertOnlyNamedImagesDiffer(positive, plain);
        }
    }

    /** Byte for byte, the two studies differ only in the Pixel Data of the images the truth names. */
    private static void assertOnlyNamedImagesDiffer(PlantedSet.Study positive, PlantedSet.Study plain) throws IOException {
        List<String> named = positive.truth().location().sopInstanceUids();
        assertEquals(positive.files().size(), plain.files().size());
        for (int f = 0; f < positive.files().size(); f++) {
            Path a = positive.files().get(f);
            Path b = plain.files().get(f);
            Attributes header = InstanceReader.header(a).attributes();
            String sop = header.getString(Tag.SOPInstanceUID);
            String series = header.getString(Tag.SeriesInstanceUID);
            boolean readingSeries = series.equals(positive.truth().location().seriesInstanceUid());
            if (readingSeries && named.contains(sop)) {
                assertNotEquals(-1, Files.mismatch(a, b), "planted in " + a);
            } else if (readingSeries) {
                assertEquals(-1, Files.mismatch(a, b), "untouched: " + a);
            }
            assertEquals(sop, InstanceReader.header(b).attributes().getString(Tag.SOPInstanceUID), "same UIDs");
        }
    }

    @Test
    void everyDetectorFindsNothingOnEveryNegativeAndNoCtDetectorTakesTheOtherFindingForItsOwn() throws IOException {
        for (Finding finding : Finding.values()) {
            int matrix = finding == Finding.FRACTURE ? 384 : finding.kind().cliName().equals("ct-thorax") ? 128 : 256;
            int slices = finding.kind().cliName().equals("ct-thorax") ? 24 : 0;
            PlantedSet negatives = PlantedSet.generate(out.resolve("negatives-" + finding.cliName()),
                    DetectorAccuracyTest.options(finding, 4, 500 + finding.ordinal(), slices, matrix, 0));
            for (PlantedSet.Study study : negatives.studies()) {
                assertFalse(study.truth().present());
                DetectionReport report = FindingDetector.of(finding).detect(study.files());
                assertTrue(report.imagesRead() > 0, "it read the images");
                assertEquals(List.of(), report.detections(), finding + " in " + study.folder());
            }
        }
        PlantedSet nodules = PlantedSet.generate(out.resolve("nodules"), DetectorAccuracyTest.options(Finding.NODULE, 3, 9, 24, 128, 1));
        PlantedSet emboli = PlantedSet.generate(out.resolve("emboli"), DetectorAccuracyTest.options(Finding.PE, 3, 9, 24, 128, 1));
        for (int i = 0; i < 3; i++) {
            assertFalse(FindingDetector.of(Finding.PE).detect(nodules.studies().get(i).files()).present(), "a nodule is no embolus");
            assertFalse(FindingDetector.of(Finding.NODULE).detect(emboli.studies().get(i).files()).present(), "an embolus is no nodule");
        }
    }

    @Test
    void aDetectorGivenNoImageItReadsSaysItReadNone() throws IOException {
        List<Path> mr = StudyGenerator.generate(out.resolve("mr"), new GeneratorOptions(
                org.varde.testdata.StudyKind.MR_HEAD, 1, 3, 3, 16));
        for (Finding finding : Finding.values()) {
            DetectionReport report = FindingDetector.of(finding).detect(mr);
            assertEquals(0, report.imagesRead(), finding.cliName());
            assertFalse(report.present());
        }
        assertEquals(GroundTruth.FILE_NAME, "ground-truth.json");
    }
}
