package org.varde.testdata;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;

/** Reads generated files back with Varde's own codec. */
final class GeneratedFiles {

    private GeneratedFiles() {
    }

    static Part10File header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Part10.readHeader(in);
        }
    }

    static Attributes dataSet(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            try (DicomReader reader = new DicomReader(in, part10.transferSyntax(), size - part10.dataSetOffset())) {
                return reader.readDataSet();
            }
        }
    }
}
