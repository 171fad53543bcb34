package org.varde.dicom.data;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a bare data set (PS3.5 7) in a transfer syntax: Explicit VR Little Endian normally, the other
 * native syntaxes for tests and peers that ask for them. Values are padded to even length (PS3.5 6.2);
 * sequences and items get defined lengths unless {@link #undefinedLengths(boolean)} is set.
 */
public final class DicomWriter {

    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final OutputStream out;
    private final TransferSyntax ts;
    private final Encoding encoding;
    private final byte[] header = new byte[12];
    private final byte[] padding = new byte[1];
    private boolean undefinedLengths;

    public DicomWriter(OutputStream out, TransferSyntax ts) {
        this.out = out;
        this.ts = ts;
        this.encoding = Encoding.of(ts);
    }

    /** PS3.5 7.5: write sequences and items with undefined length and delimitation items. */
    public DicomWriter undefinedLengths(boolean undefined) {
        this.undefinedLengths = undefined;
        return this;
    }

    /**
     * Writes every element of {@code ds}; for a deflated syntax the deflate stream is finished and, when
     * odd, followed by one NUL byte so the data set is an even number of bytes as every DICOM stream
     * is (an inflater stops at the stream's end); {@code out} is not closed.
     */
    public void writeDataSet(Attributes ds) throws IOException {
        if (ts.deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream deflated = new DeflaterOutputStream(out, deflater, 8192);
                writeElements(deflated, ds);
                finishDeflated(deflated, deflater, out);
            } finally {
                deflater.end();
            }
        } else {
            writeElements(out, ds);
        }
        out.flush();
    }

    /** Ends a deflated data set written through {@code deflating} into {@code out}: one NUL when it came out odd. */
    static void finishDeflated(DeflaterOutputStream deflating, Deflater deflater, OutputStream out) throws IOException {
        deflating.finish();
        if ((deflater.getBytesWritten() & 1) != 0) {
            out.write(0);
        }
    }

    private void writeElements(OutputStream os, Attributes ds) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            writeElement(os, ds.tagAt(i), ds.vrAt(i), plainOrStructured(ds, i));
        }
    }

    private void writeElement(OutputStream os, int tag, VR vr, Object value) throws IOException {
        if (value instanceof Attributes.Sequence) {
            List<Attributes> items = ((Attributes.Sequence) value).items;
            long length = undefinedLengths ? UNDEFINED : itemsLength(items);
            writeHeader(os, tag, VR.SQ, length);
            for (Attributes item : items) {
                writeItemHeader(os, Tag.Item, undefinedLengths ? UNDEFINED : elementsLength(item));
                writeElements(os, item);
                if (undefinedLengths) {
                    writeItemHeader(os, Tag.ItemDelimitationItem, 0);
                }
            }
            if (undefinedLengths) {
                writeItemHeader(os, Tag.SequenceDelimitationItem, 0);
            }
        } else if (value instanceof Attributes.Fragments) {
            // PS3.5 A.4: encapsulated pixel data always has undefined length
            writeHeader(os, tag, vr, UNDEFINED);
            for (byte[] fragment : ((Attributes.Fragments) value).items) {
                writeItemHeader(os, Tag.Item, fragment.length + (fragment.length & 1));
                writePadded(os, fragment, (byte) 0);
            }
            writeItemHeader(os, Tag.SequenceDelimitationItem, 0);
        } else {
            byte[] bytes = (byte[]) value;
            writeHeader(os, tag, vr, bytes.length + (bytes.length & 1));
            if (encoding.bigEndian && vr.bytesPerValue() > 1) {
                bytes = bytes.clone();
                ByteOrderSwap.swap(bytes, vr);
            }
            writePadded(os, bytes, vr.paddingByte());
        }
    }

    /** The value bytes of a plain element (text encoded now), or the sequence or fragments object. */
    private static Object plainOrStructured(Attributes ds, int i) {
        byte[] bytes = ds.bytesAt(i);
        return bytes != null ? bytes : ds.valueAt(i);
    }

    private void writePadded(OutputStream os, byte[] bytes, byte pad) throws IOException {
        os.write(bytes);
        if ((bytes.length & 1) != 0) {
            padding[0] = pad;
            os.write(padding, 0, 1);
        }
    }

    private void writeHeader(OutputStream os, int tag, VR vr, long length) throws IOException {
        encoding.put16(header, 0, Tag.group(tag));
        encoding.put16(header, 2, Tag.element(tag));
        if (!encoding.explicitVR) {
            encoding.put32(header, 4, length);
            os.write(header, 0, 8);
            return;
        }
        header[4] = (byte) vr.name().charAt(0);
        header[5] = (byte) vr.name().charAt(1);
        if (vr.hasLongExplicitLength()) {
            header[6] = 0;
            header[7] = 0;
            encoding.put32(header, 8, length);
            os.write(header, 0, 12);
        } else {
            if (length > 0xFFFF) {
                throw new DicomFormatException("Value of " + Tag.toString(tag) + " " + vr + " is " + length
                        + " bytes, more than its 16-bit length field holds (PS3.5 7.1.2)", -1);
            }
            encoding.put16(header, 6, (int) length);
            os.write(header, 0, 8);
        }
    }

    private void writeItemHeader(OutputStream os, int tag, long length) throws IOException {
        encoding.put16(header, 0, Tag.group(tag));
        encoding.put16(header, 2, Tag.element(tag));
        encoding.put32(header, 4, length);
        os.write(header, 0, 8);
    }

    // ---- defined lengths, computed before writing

    private long itemsLength(List<Attributes> items) throws DicomFormatException {
        long length = 0;
        for (Attributes item : items) {
            length += 8 + elementsLength(item);
        }
        return checked(length);
    }

    private long elementsLength(Attributes ds) throws DicomFormatException {
        long length = 0;
        for (int i = 0; i < ds.size(); i++) {
            length += elementLength(ds.vrAt(i), plainOrStructured(ds, i));
        }
        return checked(length);
    }

    private long elementLength(VR vr, Object value) throws DicomFormatException {
        long headerLength = encoding.explicitVR && (vr.hasLongExplicitLength() || value instanceof Attributes.Sequence)
                ? 12 : 8;
        if (value instanceof Attributes.Sequence) {
            return headerLength + itemsLength(((Attributes.Sequence) value).items);
        }
        if (value instanceof Attributes.Fragments) {
            long length = headerLength + 8;
            for (byte[] fragment : ((Attributes.Fragments) value).items) {
                length += 8 + fragment.length + (fragment.length & 1);
            }
            return length;
        }
        int n = ((byte[]) value).length;
        return headerLength + n + (n & 1);
    }

    private static long checked(long length) throws DicomFormatException {
        if (length >= UNDEFINED) {
            throw new DicomFormatException("Sequence too long for a defined length: " + length, -1);
        }
        return length;
    }
}
