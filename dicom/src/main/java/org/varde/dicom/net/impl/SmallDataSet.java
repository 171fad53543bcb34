package org.varde.dicom.net.impl;

import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.DicomWriter;
import org.varde.dicom.data.TransferSyntax;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The data sets of DIMSE-N messages: a few attributes, held whole in memory (bounded by
 * {@link #MAX_LENGTH}) unlike C-STORE data sets, which stream to disk.
 */
final class SmallDataSet {
    /** An MPPS attribute list is a few kilobytes; anything above this is refused, not buffered. */
    static final int MAX_LENGTH = 1 << 20;

    private SmallDataSet() {
    }

    static Attributes parse(Buffer encoded, String transferSyntaxUid) throws IOException {
        byte[] bytes = encoded.getBytes();
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.of(transferSyntaxUid),
                bytes.length)) {
            return reader.readDataSet();
        }
    }

    static Buffer encode(Attributes dataSet, String transferSyntaxUid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            new DicomWriter(out, TransferSyntax.of(transferSyntaxUid)).writeDataSet(dataSet);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; the writer only declares it for streams that do
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }
}
