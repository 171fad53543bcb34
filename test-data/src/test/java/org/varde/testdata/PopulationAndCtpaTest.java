package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

/** Patients of the ages asked for (a child's chest radiograph), and a CT pulmonary angiography that says so. */
class PopulationAndCtpaTest {

    @TempDir
    Path out;

    @Test
    void childrenAreDrawnWhenAskedAndAdultsOtherwise() throws IOException {
        List<Path> children = StudyGenerator.generate(out.resolve("child"),
                new GeneratorOptions(StudyKind.CXR, 12, 3, 1, 16).aged(AgeRange.child()));
        for (Path file : children) {
            int years = years(GeneratedFiles.dataSet(file));
            assertTrue(years >= 4 && years <= 12, "a child: " + years + " in " + file);
        }
        List<Path> adults = StudyGenerator.generate(out.resolve("adult"), new GeneratorOptions(StudyKind.CXR, 12, 3, 1, 16));
        for (Path file : adults) {
            assertTrue(years(GeneratedFiles.dataSet(file)) >= 18, "the chest radiograph's own population is adult");
        }
        List<Path> seven = StudyGenerator.generate(out.resolve("seven"),
                new GeneratorOptions(StudyKind.WRIST, 3, 3, 1, 16).aged(AgeRange.parse("7")));
        assertTrue(seven.stream().allMatch(f -> read(f).getString(Tag.PatientAge).equals("007Y")));
    }

    @Test
    void agesOutsideTheRangeOrUnreadableAreRefused() {
        assertEquals(new AgeRange(2, 12), AgeRange.parse(" 2-12 "));
        for (String bad : new String[] {"12-2", "111", "-1", "7y", "", "2-", "child-ish"}) {
            assertThrows(IllegalArgumentException.class, () -> AgeRange.parse(bad), bad);
        }
    }

    @Test
    void aCtpaIsDescribedAsOneAndTakesAnEmbolus() throws IOException {
        Path set = out.resolve("ctpa");
        List<Path> files = StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CTPA, 1, 9, 24, 128)
                .planting(new PlantOptions(Finding.PE, 8, 1.0)));
        Attributes thin = read(set.resolve("1/1/1.dcm"));
        assertTrue(thin.getString(Tag.StudyDescription).contains("CTPA"), thin.getString(Tag.StudyDescription));
        assertEquals("CTPA 1.0 Br36", thin.getString(Tag.SeriesDescription));
        assertTrue(read(set.resolve("1/2/1.dcm")).getString(Tag.SeriesDescription).startsWith("CTPA 5.0"));
        assertEquals("CT", thin.getString(Tag.Modality));
        assertEquals("CHEST", thin.getString(Tag.BodyPartExamined));
        assertTrue(files.size() > 24);
        GroundTruth truth = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        assertEquals(StudyKind.CTPA, truth.kind());
        assertTrue(Files.isRegularFile(GroundTruth.fileOf(set.resolve("1"))));
        // a wrist finding still belongs in a wrist only
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(StudyKind.CTPA, 1, 1, 0, 0)
                .planting(new PlantOptions(Finding.FRACTURE, 0, 1.0)));
    }

    private static int years(Attributes dataSet) {
        String age = dataSet.getString(Tag.PatientAge);
        assertTrue(age.matches("\\d{3}Y"), age);
        return Integer.parseInt(age.substring(0, 3));
    }

    private static Attributes read(Path file) {
        try {
            return GeneratedFiles.dataSet(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
