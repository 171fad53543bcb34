package org.varde.testdata.sandbox.dicom;

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
import java.util.ArrayList;
import java.util.List;

/** What the sandbox vendor remembers of an instance it received: enough to refer to it in its answer. */
public record ReceivedInstance(String patientId, String patientName, String studyInstanceUid,
                               String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {

    /** The instances of Part 10 files a sandbox vendor received, read up to the pixels. */
    public static List<ReceivedInstance> of(List<Path> files) throws IOException {
        List<ReceivedInstance> received = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                Part10File header = Part10.readHeader(in);
                Attributes a = new DicomReader(in, header.transferSyntax(), Files.size(file)).readDataSetUntil(Tag.PixelData);
                received.add(new ReceivedInstance(a.getString(Tag.PatientID), a.getString(Tag.PatientName),
                        a.getString(Tag.StudyInstanceUID), a.getString(Tag.SeriesInstanceUID),
                        a.getString(Tag.SOPClassUID), a.getString(Tag.SOPInstanceUID)));
            }
        }
        return received;
    }
}
