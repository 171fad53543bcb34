package org.varde.gateway.testing;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reading Part 10 files in tests with the codec. */
public final class DicomFiles {
    private DicomFiles() {
    }

    public static Attributes fileMetaInformation(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Part10.readHeader(in).fileMetaInformation();
        }
    }

    /** The data set up to Pixel Data. */
    public static Attributes header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).readDataSetUntil(Tag.PixelData);
        }
    }

    /** The data set's bytes exactly as encoded in the file, after the File Meta Information. */
    public static byte[] dataSet(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            long offset = Part10.readHeader(in).dataSetOffset();
            return Arrays.copyOfRange(all, (int) offset, all.length);
        }
    }

    /** {@code <study>/<series>/<sop>.dcm}, where the gateway spools an instance. */
    public static String spoolPath(Attributes header) {
        return header.getString(Tag.StudyInstanceUID) + "/" + header.getString(Tag.SeriesInstanceUID) + "/"
                + header.getString(Tag.SOPInstanceUID) + ".dcm";
    }
}
