package org.varde.dicom.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Test shorthand: encode a data set to bytes and read it back. */
final class Codec {

    static final TransferSyntax[] NATIVE = {
        TransferSyntax.IMPLICIT_LE, TransferSyntax.EXPLICIT_LE, TransferSyntax.EXPLICIT_BE,
        TransferSyntax.DEFLATED_EXPLICIT_LE
    };

    private Codec() {
    }

    static byte[] encode(Attributes ds, TransferSyntax ts, boolean undefinedLengths) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out, ts).undefinedLengths(undefinedLengths).writeDataSet(ds);
        return out.toByteArray();
    }

    static Attributes decode(byte[] bytes, TransferSyntax ts) throws IOException {
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), ts, bytes.length)) {
            return reader.readDataSet();
        }
    }

    static Attributes decodeWithoutLimit(byte[] bytes, TransferSyntax ts) throws IOException {
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), ts)) {
            return reader.readDataSet();
        }
    }

    static Attributes roundTrip(Attributes ds, TransferSyntax ts, boolean undefinedLengths) throws IOException {
        return decode(encode(ds, ts, undefinedLengths), ts);
    }
}
