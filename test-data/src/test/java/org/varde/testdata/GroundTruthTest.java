package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class GroundTruthTest {

    @TempDir
    Path out;

    @Test
    void everyStudyOfAPlantedSetHasItsGroundTruthPositiveOrExplicitlyAbsent() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 4, 3, 24, 64,
                new PlantOptions(Finding.NODULE, 8, 0.5)));
        int present = 0;
        for (int study = 1; study <= 4; study++) {
            GroundTruth truth = GroundTruth.read(out.resolve(study + "/" + GroundTruth.FILE_NAME));
            Attributes first = GeneratedFiles.dataSet(out.resolve(study + "/1/1.dcm"));
            assertEquals(first.getString(Tag.StudyInstanceUID), truth.studyInstanceUid());
            assertEquals(StudyKind.CT_THORAX, truth.kind());
            assertEquals(Finding.NODULE, truth.finding());
            String json = Files.readString(GroundTruth.fileOf(out.resolve(Integer.toString(study))));
            if (truth.present()) {
                present++;
                assertEquals(8, truth.diameterMm());
                assertLocationNamesItsImages(truth.location(), out.resolve(study + "/1"));
                assertTrue(json.contains("\"presence\" : \"present\""), json);
            } else {
                assertNull(truth.location());
                assertTrue(json.contains("\"presence\" : \"absent\""), json);
            }
        }
        assertEquals(2, present);
        assertEquals(4 * (24 + 5), files.size(), "the files returned are the DICOM files only");
    }

    /** The centre image is the one with that Instance Number, listed among the images, which run in order. */
    private static void assertLocationNamesItsImages(GroundTruth.Location where, Path series) throws IOException {
        Attributes centre = GeneratedFiles.dataSet(series.resolve(where.instanceNumber() + ".dcm"));
        assertEquals(where.sopInstanceUid(), centre.getString(Tag.SOPInstanceUID));
        assertEquals(where.seriesInstanceUid(), centre.getString(Tag.SeriesInstanceUID));
        assertEquals(where.lastInstanceNumber() - where.firstInstanceNumber() + 1, where.sopInstanceUids().size());
        assertTrue(where.firstInstanceNumber() <= where.instanceNumber() && where.instanceNumber() <= where.lastInstanceNumber());
        Attributes first = GeneratedFiles.dataSet(series.resolve(where.firstInstanceNumber() + ".dcm"));
        assertEquals(where.sopInstanceUids().get(0), first.getString(Tag.SOPInstanceUID));
        // the centre slice lies within half a slice of the finding's centre
        assertEquals(where.patientMm().z(), centre.getDouble(Tag.SliceLocation, 0), 0.5 + 1e-6);
        assertTrue(where.column() > 0 && where.column() < 64 && where.row() > 0 && where.row() < 64);
    }

    @Test
    void aGroundTruthReadsBackAsWritten() throws IOException {
        GroundTruth truth = new GroundTruth("1.2.3", StudyKind.CXR, Finding.OPACITY, true, 21.5,
                new GroundTruth.Location("1.2.3.4", "1.2.3.4.5", 1, 1, 1, List.of("1.2.3.4.5"), 100.25, 80.5, null));
        Path file = out.resolve(GroundTruth.FILE_NAME);
        truth.write(file);
        assertEquals(truth, GroundTruth.read(file));
        GroundTruth absent = GroundTruth.absent("1.2.3", StudyKind.WRIST, Finding.FRACTURE);
        absent.write(file);
        assertEquals(absent, GroundTruth.read(file));
        assertFalse(Files.exists(out.resolve(GroundTruth.FILE_NAME + ".tmp")), "no temporary file left");
    }

    @Test
    void aFileOfAnotherFormatIsRefusedWithTheReason() throws IOException {
        Path file = out.resolve("other.json");
        Files.writeString(file, "{\"format\":\"something/2\",\"presence\":\"absent\"}");
        IOException e = assertThrows(IOException.class, () -> GroundTruth.read(file));
        assertTrue(e.getMessage().contains("format is not varde-ground-truth/1"), e.getMessage());
        Files.writeString(file, "{\"format\":\"varde-ground-truth/1\",\"studyInstanceUid\":\"1.2\",\"kind\":\"cxr\","
                + "\"finding\":\"opacity\",\"presence\":\"maybe\"}");
        e = assertThrows(IOException.class, () -> GroundTruth.read(file));
        assertTrue(e.getMessage().contains("presence must be present or absent"), e.getMessage());
    }

    @Test
    void withoutAPlantNoGroundTruthIsWritten() throws IOException {
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CXR, 1, 3, 0, 32));
        assertFalse(Files.exists(out.resolve("1/" + GroundTruth.FILE_NAME)));
    }

    @Test
    void aPlantedSetIsTheSameForTheSameSeed() throws IOException {
        GeneratorOptions options = new GeneratorOptions(StudyKind.WRIST, 2, 8, 0, 64, new PlantOptions(Finding.FRACTURE, 0, 1));
        List<Path> first = StudyGenerator.generate(out.resolve("a"), options);
        List<Path> second = StudyGenerator.generate(out.resolve("b"), options);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(-1, Files.mismatch(first.get(i), second.get(i)), first.get(i).toString());
        }
        for (String study : List.of("1", "2")) {
            assertEquals(-1, Files.mismatch(out.resolve("a/" + study + "/" + GroundTruth.FILE_NAME),
                    out.resolve("b/" + study + "/" + GroundTruth.FILE_NAME)));
        }
    }

    @Test
    void aNoduleLongerThanTheSlicesCoverIsRefusedSayingHowLongTheCtMustBe() {
        GeneratorOptions options = new GeneratorOptions(StudyKind.CT_THORAX, 1, 1, 10, 32, PlantOptions.parse("nodule:20mm", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyGenerator.generate(out, options));
        assertEquals("a 20.0 mm nodule needs a CT at least 24 mm long; these slices cover 9 mm (use more --slices)", e.getMessage());
    }
}
