package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

class StudyGeneratorTest {

    private static final int SMALL = 16;

    @TempDir
    Path out;

    @Test
    void filesAreLaidOutByStudySeriesAndInstanceNumber() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 2, 7, 10, SMALL));

        // 10 thin slices span 9 mm, so the 5 mm series has 2 slices
        List<Path> expected = new ArrayList<>();
        for (int study = 1; study <= 2; study++) {
            for (int slice = 1; slice <= 10; slice++) {
                expected.add(out.resolve(study + "/1/" + slice + ".dcm"));
            }
            expected.add(out.resolve(study + "/2/1.dcm"));
            expected.add(out.resolve(study + "/2/2.dcm"));
        }
        assertEquals(expected, files);
    }

    @Test
    void ctThoraxHasThinAndThickAxialSeriesOfTheChest() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, 7, 12, SMALL));
        Attributes thinFirst = GeneratedFiles.dataSet(out.resolve("1/1/1.dcm"));
        Attributes thinSecond = GeneratedFiles.dataSet(out.resolve("1/1/2.dcm"));
        Attributes thick = GeneratedFiles.dataSet(out.resolve("1/2/1.dcm"));

        for (Attributes image : List.of(thinFirst, thick)) {
            assertKind(image, "CT", UID.CTImageStorage, "CHEST");
            assertArrayEquals(new String[] {"ORIGINAL", "PRIMARY", "AXIAL"}, image.getStrings(Tag.ImageType));
            assertEquals("HFS", image.getString(Tag.PatientPosition));
            assertEquals(-1024, image.getDouble(Tag.RescaleIntercept, 0));
        }
        assertEquals("Thorax 1.0 B70f", thinFirst.getString(Tag.SeriesDescription));
        assertEquals("Thorax 5.0 Br40", thick.getString(Tag.SeriesDescription));
        assertEquals(1.0, thinFirst.getDouble(Tag.SliceThickness, 0));
        assertEquals(5.0, thick.getDouble(Tag.SliceThickness, 0));
        assertEquals(1.0, thinFirst.getDouble(Tag.SliceLocation, 0) - thinSecond.getDouble(Tag.SliceLocation, 0), 1e-9);
        assertEquals(thinSecond.getDouble(Tag.SliceLocation, 0), Double.parseDouble(thinSecond.getStrings(Tag.ImagePositionPatient)[2]), 1e-9);
        assertEquals(2, thinSecond.getInt(Tag.InstanceNumber, 0));
        assertEquals(thinFirst.getString(Tag.StudyInstanceUID), thick.getString(Tag.StudyInstanceUID));
        assertEquals(thinFirst.getString(Tag.FrameOfReferenceUID), thick.getString(Tag.FrameOfReferenceUID));
        assertNotEquals(thinFirst.getString(Tag.SeriesInstanceUID), thick.getString(Tag.SeriesInstanceUID));
        assertEquals(thinFirst.getString(Tag.SeriesInstanceUID), thinSecond.getString(Tag.SeriesInstanceUID));
        assertEquals(12 + 3, files.size());
    }

    @Test
    void mrHeadHasAFlairAndAT1OfTheSameSlices() throws IOException {
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.MR_HEAD, 1, 7, 4, SMALL));
        Attributes flair = GeneratedFiles.dataSet(out.resolve("1/1/3.dcm"));
        Attributes t1 = GeneratedFiles.dataSet(out.resolve("1/2/3.dcm"));

        assertKind(flair, "MR", UID.MRImageStorage, "HEAD");
        assertKind(t1, "MR", UID.MRImageStorage, "HEAD");
        assertEquals("T2 FLAIR tra", flair.getString(Tag.SeriesDescription));
        assertArrayEquals(new String[] {"SE", "IR"}, flair.getStrings(Tag.ScanningSequence));
        assertEquals(2500, flair.getDouble(Tag.InversionTime, 0));
        assertEquals("T1 SE tra", t1.getString(Tag.SeriesDescription));
        assertNull(t1.getString(Tag.InversionTime));
        assertEquals(flair.getDouble(Tag.SliceLocation, 0), t1.getDouble(Tag.SliceLocation, 1), 1e-9);
    }

    @Test
    void chestRadiographHasAPaAndALateralView() throws IOException {
        List<Path> files = StudyGenerator.generate(out, StudyKind.CXR, 1, 7);
        assertEquals(2, files.size());
        Attributes pa = GeneratedFiles.dataSet(files.get(0));
        Attributes lateral = GeneratedFiles.dataSet(files.get(1));

        for (Attributes image : List.of(pa, lateral)) {
            assertKind(image, "DX", UID.DigitalXRayImageStorageForPresentation, "CHEST");
            assertEquals("U", image.getString(Tag.ImageLaterality));
            assertEquals("FOR PRESENTATION", image.getString(Tag.PresentationIntentType));
        }
        assertEquals("PA", pa.getString(Tag.ViewPosition));
        assertEquals("LL", lateral.getString(Tag.ViewPosition));
        assertEquals(pa.getString(Tag.StudyInstanceUID), lateral.getString(Tag.StudyInstanceUID));
    }

    @Test
    void wristHasThreeViewsOfOneSide() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.WRIST, 1, 7, 0, SMALL));
        assertEquals(3, files.size());
        List<String> views = new ArrayList<>();
        Set<String> sides = new HashSet<>();
        for (Path file : files) {
            Attributes image = GeneratedFiles.dataSet(file);
            assertKind(image, "DX", UID.DigitalXRayImageStorageForPresentation, "WRIST");
            views.add(image.getString(Tag.ViewPosition));
            sides.add(image.getString(Tag.ImageLaterality));
        }
        assertEquals(List.of("PA", "LATERAL", "OBLIQUE"), views);
        assertEquals(1, sides.size(), "all views of one wrist: " + sides);
        assertTrue(Set.of("R", "L").containsAll(sides), sides.toString());
    }

    @Test
    void filesAreExplicitLittleEndianPart10WithMatchingMetaInformation() throws IOException {
        Path file = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CXR, 1, 3, 1, SMALL)).get(0);
        Part10File header = GeneratedFiles.header(file);
        Attributes dataSet = GeneratedFiles.dataSet(file);

        assertEquals(UID.ExplicitVRLittleEndian, header.transferSyntax().uid());
        assertEquals(dataSet.getString(Tag.SOPClassUID), header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID));
        assertEquals(dataSet.getString(Tag.SOPInstanceUID),
                header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID));
    }

    @Test
    void mrPixelsAreRandomSixteenBitValuesWithinBitsStored() throws IOException {
        Path file = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.MR_HEAD, 1, 11, 1, 33)).get(0);
        Attributes image = GeneratedFiles.dataSet(file);

        assertEquals(33, image.getInt(Tag.Rows, 0));
        assertEquals(33, image.getInt(Tag.Columns, 0));
        assertEquals(16, image.getInt(Tag.BitsAllocated, 0));
        assertEquals(12, image.getInt(Tag.BitsStored, 0));
        assertEquals(11, image.getInt(Tag.HighBit, 0));
        assertEquals("MONOCHROME2", image.getString(Tag.PhotometricInterpretation));
        byte[] pixels = image.getBytes(Tag.PixelData);
        assertEquals(33 * 33 * 2, pixels.length);
        Set<Integer> values = new HashSet<>();
        for (int i = 0; i < pixels.length; i += 2) {
            int value = (pixels[i] & 0xFF) | (pixels[i + 1] & 0xFF) << 8;
            assertTrue(value < 4096, "pixel " + i / 2 + " = " + value + " exceeds 12 bits stored");
            values.add(value);
        }
        assertTrue(values.size() > 500, "pixels look random: " + values.size() + " distinct values");
    }

    @Test
    void ctPixelsShowAirLungSoftTissueContrastAndBoneInHounsfieldUnits() throws IOException {
        Path file = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, 11, 1, 256)).get(0);
        Attributes image = GeneratedFiles.dataSet(file);
        byte[] pixels = image.getBytes(Tag.PixelData);
        int[] counts = new int[5];
        for (int i = 0; i < pixels.length; i += 2) {
            // Rescale Intercept -1024: stored value - 1024 is HU
            int hu = ((pixels[i] & 0xFF) | (pixels[i + 1] & 0xFF) << 8) - 1024;
            assertTrue(hu >= -1024 && hu <= 3071, "within 12 bits stored: " + hu);
            counts[hu < -950 ? 0 : hu < -700 ? 1 : hu < 150 ? 2 : hu < 380 ? 3 : 4]++;
        }
        int total = 256 * 256;
        assertTrue(counts[0] > total / 10, "air around the patient: " + counts[0]);
        assertTrue(counts[1] > total / 8, "aerated lung: " + counts[1]);
        assertTrue(counts[2] > total / 8, "fat and soft tissue: " + counts[2]);
        assertTrue(counts[3] > 300, "contrast-filled vessels: " + counts[3]);
        assertTrue(counts[4] > 100, "bone: " + counts[4]);
        assertEquals("IOHEXOL 350 MG I/ML", image.getString(Tag.ContrastBolusAgent));
    }

    private static void assertKind(Attributes image, String modality, String sopClassUid, String bodyPart) {
        assertEquals(modality, image.getString(Tag.Modality));
        assertEquals(sopClassUid, image.getString(Tag.SOPClassUID));
        assertEquals(bodyPart, image.getString(Tag.BodyPartExamined));
    }
}
