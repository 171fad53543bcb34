package org.varde.testdata.detect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

/** What a detector cannot read it refuses, naming the file and the reason; it never guesses. */
class DetectorInputTest {

    @TempDir
    Path out;

    @Test
    void anEightBitSliceIsRefusedNamingTheFileAndTheReason() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, 4, 6, 32));
        Path slice = files.get(2);
        rewrite(slice, dataSet -> dataSet.setInt(Tag.BitsAllocated, VR.US, 8));

        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> FindingDetector.of(Finding.NODULE).detect(files));
        assertTrue(e.getMessage().startsWith(slice.getFileName() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains("only 16-bit, one sample, one frame images are read"), e.getMessage());
    }

    @Test
    void truncatedPixelDataIsRefused() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CXR, 1, 4, 1, 32));
        rewrite(files.get(0), dataSet -> dataSet.setBytes(Tag.PixelData, VR.OW, new byte[100]));

        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> FindingDetector.of(Finding.OPACITY).detect(files));
        assertTrue(e.getMessage().contains("Pixel Data has 100 bytes, 32x32 needs 2048"), e.getMessage());
    }

    @Test
    void instancesOfTwoStudiesAreRefused() throws IOException {
        List<Path> files = new ArrayList<>(StudyGenerator.generate(out, new GeneratorOptions(StudyKind.WRIST, 2, 4, 1, 32)));

        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> FindingDetector.of(Finding.FRACTURE).detect(files));
        assertTrue(e.getMessage().startsWith("instances of two studies given"), e.getMessage());
    }

    private interface Change {
        void apply(Attributes dataSet);
    }

    private static void rewrite(Path file, Change change) throws IOException {
        Attributes dataSet;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            try (DicomReader reader = new DicomReader(in, part10.transferSyntax())) {
                dataSet = reader.readDataSet();
            }
        }
        change.apply(dataSet);
        Part10.writeFile(file, dataSet, TransferSyntax.EXPLICIT_LE);
    }
}
