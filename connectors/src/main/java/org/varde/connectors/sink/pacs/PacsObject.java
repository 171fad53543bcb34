package org.varde.connectors.sink.pacs;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.TransferSyntax;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One object written for PACS: its data set and the UIDs a sink logs and checks the C-STORE answer
 * against. The data set holds patient data: never log it.
 */
public record PacsObject(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, Attributes dataSet) {
    public PacsObject {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(dataSet, "dataSet");
    }

    /** Writes a Part 10 file in Explicit VR Little Endian (PS3.10 7.1), which every PACS accepts. */
    public void writeTo(Path file) throws IOException {
        Part10.writeFile(file, dataSet, TransferSyntax.EXPLICIT_LE);
    }
}
