package org.varde.dicom.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Rewrites a DICOM file streaming: the header (every element before group 7FE0) is read, changed by
 * a {@link Transform} and written again; the Pixel Data group (native or encapsulated, PS3.5 A.4) is
 * copied byte for byte without being held; the few elements after it (signatures, padding, private
 * trailers) go through the transform too. Memory is bounded by {@code maxHeaderBytes}, whatever the
 * size of the pixel data: a 300 MB instance needs no more heap than its header.
 *
 * <p>Every transfer syntax the reader handles: Implicit and Explicit VR Little Endian, Explicit VR Big
 * Endian, Deflated (the whole data set is inflated, rewritten and deflated again: PS3.5 A.5 leaves no
 * other way), and the encapsulated syntaxes. The output keeps the input's transfer syntax.
 */
public final class Part10Rewriter {

    /** The change made to the header and to the elements after Pixel Data. */
    public interface Transform {
        /** Changes the elements before Pixel Data; may change them in place and return them. */
        Attributes header(Attributes header) throws IOException;

        /** Changes the top-level elements after the Pixel Data group, if there are any. */
        Attributes trailer(Attributes trailer) throws IOException;
    }

    /** Everything before group 7FE0 (Extended Offset Table, Pixel Data and its float variants). */
    private static final int PIXEL_GROUP_START = 0x7FE00000;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int COPY_BUFFER = 64 * 1024;

    private final long maxHeaderBytes;

    /** @param maxHeaderBytes the most bytes the header (and the trailer) may take; larger is refused */
    public Part10Rewriter(long maxHeaderBytes) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive");
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Reads a Part 10 file (or a bare data set) from {@code in} and writes the rewritten Part 10 file
     * to {@code out}; the File Meta Information is made anew from the rewritten SOP Class and
     * Instance UIDs. Neither stream is closed.
     *
     * @param inputLength the bytes {@code in} holds, -1 when unknown: lengths are checked against it
     * @return the rewritten header
     * @throws DicomFormatException when the input is malformed or its header exceeds the bound
     */
    public Attributes rewrite(InputStream in, long inputLength, OutputStream out, Transform transform)
            throws IOException {
        InputStream source = in.markSupported() ? in : new BufferedInputStream(in, COPY_BUFFER);
        Part10File file = Part10.readHeader(source);
        TransferSyntax ts = file.transferSyntax();
        TransferSyntax plain = ts.deflated() ? TransferSyntax.EXPLICIT_LE : ts;
        Inflater inflater = ts.deflated() ? new Inflater(true) : null;
        Deflater deflater = ts.deflated() ? new Deflater(Deflater.DEFAULT_COMPRESSION, true) : null;
        try {
            // PS3.5 A.5: raw deflate (RFC 1951) of the whole data set
            InputStream dataSet = inflater == null ? source
                    : new InflationBound(new InflaterInputStream(source, inflater, COPY_BUFFER), inflater);
            long bound = inputLength < 0 || inflater != null ? maxHeaderBytes
                    : Math.min(maxHeaderBytes, inputLength - file.dataSetOffset());
            DicomReader reader = new DicomReader(dataSet, plain, bound);
            Attributes header = reader.readDataSetUntil(PIXEL_GROUP_START);
            boolean stopped = reader.stoppedAt() >= 0;
            if (!stopped && hasMore(dataSet)) {
                throw new DicomFormatException("The header before Pixel Data is longer than " + maxHeaderBytes
                        + " bytes", reader.position());
            }
            Attributes rewritten = transform.header(header);
            writeMeta(out, rewritten, ts);
            OutputStream body = deflater == null ? out : new DeflaterOutputStream(out, deflater, COPY_BUFFER);
            new DicomWriter(body, plain).writeDataSet(rewritten);
            if (stopped) {
                copyTail(dataSet, body, Encoding.of(plain), plain, (int) reader.stoppedAt(), transform);
            }
            if (body instanceof DeflaterOutputStream deflating) {
                DicomWriter.finishDeflated(deflating, deflater, out);
            }
            out.flush();
            return rewritten;
        } finally {
            if (inflater != null) {
                inflater.end();
            }
            if (deflater != null) {
                deflater.end();
            }
        }
    }

    /** Rewrites the file {@code in} into {@code out} (created or replaced). */
    public Attributes rewrite(Path in, Path out, Transform transform) throws IOException {
        try (InputStream input = new BufferedInputStream(Files.newInputStream(in), COPY_BUFFER);
             OutputStream output = new java.io.BufferedOutputStream(Files.newOutputStream(out), COPY_BUFFER)) {
            return rewrite(input, Files.size(in), output, transform);
        }
    }

    private static void writeMeta(OutputStream out, Attributes header, TransferSyntax ts) throws IOException {
        String sopClass = header.getString(Tag.SOPClassUID);
        String sopInstance = header.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new DicomFormatException("No SOP Class UID or SOP Instance UID in the header", 0);
        }
        Part10.writeFileMetaInformation(out, sopClass, sopInstance, ts.uid(), null);
    }

    /**
     * From the first element of group 7FE0 (whose tag the reader already took): copies each element of
     * that group as it is, then reads whatever follows as a small data set through the transform.
     */
    private void copyTail(InputStream in, OutputStream out, Encoding enc, TransferSyntax ts, int firstTag,
            Transform transform) throws IOException {
        byte[] tagBytes = new byte[4];
        int tag = firstTag;
        while (Tag.group(tag) == 0x7FE0) {
            putTag(enc, tagBytes, tag);
            out.write(tagBytes);
            copyElementAfterTag(in, out, enc, tag);
            int n = in.readNBytes(tagBytes, 0, 4);
            if (n == 0) {
                return;
            }
            if (n < 4) {
                throw new DicomFormatException("Truncated tag after " + Tag.toString(tag), -1);
            }
            tag = (enc.unsigned16(tagBytes, 0) << 16) | enc.unsigned16(tagBytes, 2);
        }
        // not a SequenceInputStream: it would close the source at its end, before the check below
        PushbackInputStream rest = new PushbackInputStream(in, 4);
        rest.unread(tagBytes);
        DicomReader trailerReader = new DicomReader(rest, ts, maxHeaderBytes);
        Attributes trailer = trailerReader.readDataSet();
        if (hasMore(in)) {
            throw new DicomFormatException("The elements after Pixel Data are longer than " + maxHeaderBytes
                    + " bytes", -1);
        }
        new DicomWriter(out, ts).writeDataSet(transform.trailer(trailer));
    }

    /** Copies VR and length as read, then the value: defined length, or items up to the delimiter (PS3.5 A.4). */
    private static void copyElementAfterTag(InputStream in, OutputStream out, Encoding enc, int tag)
            throws IOException {
        byte[] header = new byte[8];
        long length;
        if (enc.explicitVR) {
            readFully(in, header, 0, 2, tag);
            VR vr = VR.fromCode(((header[0] & 0xFF) << 8) | (header[1] & 0xFF));
            if (vr == null) {
                throw new DicomFormatException("Invalid VR in " + Tag.toString(tag), -1);
            }
            if (vr.hasLongExplicitLength()) {
                readFully(in, header, 2, 6, tag);
                out.write(header, 0, 8);
                length = enc.unsigned32(header, 4);
            } else {
                readFully(in, header, 2, 2, tag);
                out.write(header, 0, 4);
                length = enc.unsigned16(header, 2);
            }
        } else {
            readFully(in, header, 0, 4, tag);
            out.write(header, 0, 4);
            length = enc.unsigned32(header, 0);
        }
        if (length == UNDEFINED) {
            copyItems(in, out, enc, tag);
        } else {
            copy(in, out, length, tag);
        }
    }

    private static void copyItems(InputStream in, OutputStream out, Encoding enc, int tag) throws IOException {
        byte[] item = new byte[8];
        while (true) {
            readFully(in, item, 0, 8, tag);
            out.write(item);
            int itemTag = (enc.unsigned16(item, 0) << 16) | enc.unsigned16(item, 2);
            long length = enc.unsigned32(item, 4);
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item || length == UNDEFINED) {
                throw new DicomFormatException("Expected a fragment item of defined length in " + Tag.toString(tag)
                        + ", found " + Tag.toString(itemTag), -1);
            }
            copy(in, out, length, tag);
        }
    }

    private static void copy(InputStream in, OutputStream out, long length, int tag) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new DicomFormatException("Truncated: value of " + Tag.toString(tag) + " needs " + left
                        + " more bytes", -1);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void readFully(InputStream in, byte[] b, int offset, int length, int tag) throws IOException {
        if (in.readNBytes(b, offset, length) != length) {
            throw new DicomFormatException("Truncated element header of " + Tag.toString(tag), -1);
        }
    }

    private static void putTag(Encoding enc, byte[] b, int tag) {
        enc.put16(b, 0, Tag.group(tag));
        enc.put16(b, 2, Tag.element(tag));
    }

    /**
     * A deflated instance is inflated whole here, pixel data included, and written again: a stream
     * built to inflate enormously would fill the disk. Refused past the ratio the header reader
     * allows ({@link ReadLimits#DEFAULT_MAX_INFLATION_RATIO}), once past a grace of 1 MiB.
     */
    private static final class InflationBound extends java.io.FilterInputStream {
        private final Inflater inflater;
        private long inflated;

        InflationBound(InputStream in, Inflater inflater) {
            super(in);
            this.inflater = inflater;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws DicomFormatException {
            inflated += n;
            if (inflated > ReadLimits.RATIO_GRACE_BYTES
                    && inflated > (long) ReadLimits.DEFAULT_MAX_INFLATION_RATIO * Math.max(1, inflater.getBytesRead())) {
                throw new DicomFormatException("The deflated data set inflates more than "
                        + ReadLimits.DEFAULT_MAX_INFLATION_RATIO + " times: refused", inflated);
            }
        }
    }

    private static boolean hasMore(InputStream in) throws IOException {
        try {
            if (in.markSupported()) {
                in.mark(1);
                boolean more = in.read() >= 0;
                in.reset();
                return more;
            }
            return in.read() >= 0;
        } catch (EOFException e) {
            return false;
        }
    }
}
