package org.varde.dicom.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Streaming reader of a bare data set (PS3.5 7) in any of the four native transfer syntaxes, with
 * defined and undefined lengths, nested sequences and encapsulated pixel data. Every length is checked
 * against what can remain before anything is allocated; nesting is bounded. With {@link ReadLimits}
 * what it keeps is bounded too: bulk values are skipped, the rest counts against a budget, and a
 * deflated stream may inflate only so far.
 */
public final class DicomReader implements Closeable {

    /** Deeper nesting than this is no real data set, only a way to exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final long NO_BOUND = Long.MAX_VALUE;
    private static final long NO_STOP = 0x1_0000_0000L;

    private final InputStream source;
    private final Inflater inflater;
    private final InflationGuard inflationGuard;
    private final DicomInput input;
    private final Encoding encoding;
    private final byte[] header = new byte[8];
    /** The last element tag read, so that an error in the next header can say where it is. */
    private int lastTag;
    private ReadLimits limits = ReadLimits.NONE;
    /** Bytes kept so far (element headers and values), against {@link ReadLimits#maxKeptBytes()}. */
    private long kept;
    /** The tag {@link #readDataSetUntil} stopped at, -1 when the data set ended before it. */
    private long stoppedAt = -1;

    /** A bare data set in {@code ts}, read to the end of {@code in}. */
    public DicomReader(InputStream in, TransferSyntax ts) {
        this(in, ts, -1);
    }

    /**
     * @param limit bytes available in {@code in} (file size minus offset, etc.), -1 if unknown; every
     *              length is checked against it. For a deflated syntax it bounds the compressed bytes,
     *              and the inflated data set is read in bounded chunks instead.
     */
    public DicomReader(InputStream in, TransferSyntax ts, long limit) {
        this.source = in;
        this.encoding = Encoding.of(ts);
        if (ts.deflated()) {
            // PS3.5 A.5: raw deflate (RFC 1951) without zlib header
            this.inflater = new Inflater(true);
            this.inflationGuard = new InflationGuard(new InflaterInputStream(in, inflater, 8192), inflater, limits);
            this.input = new DicomInput(inflationGuard, -1);
        } else {
            this.inflater = null;
            this.inflationGuard = null;
            this.input = new DicomInput(in, limit);
        }
    }

    /**
     * Bounds what this reader keeps and inflates (see {@link ReadLimits}): for reading a header with
     * bounded memory whatever the instance carries before Pixel Data. Without it everything is kept.
     */
    public DicomReader limits(ReadLimits readLimits) {
        this.limits = java.util.Objects.requireNonNull(readLimits, "readLimits");
        if (inflationGuard != null) {
            inflationGuard.limits(readLimits);
        }
        return this;
    }

    /** Skips every bulk value longer than {@code maxBytes}, keeping the other limits as they are. */
    public DicomReader bulkDataLimit(int maxBytes) {
        return limits(limits.withBulkValueBytes(maxBytes));
    }

    /** Bytes of the (inflated) data set consumed so far. */
    public long position() {
        return input.position();
    }

    public Attributes readDataSet() throws IOException {
        return read(NO_STOP);
    }

    /**
     * Reads top-level elements until the first with tag >= {@code stopTag} (unsigned), whose value is
     * left unread: {@link #position()} is then that element's offset. The 4 bytes of its tag have been
     * taken from the underlying stream (and are held by this reader), nothing beyond them. Used to
     * journal the header before Pixel Data.
     */
    public Attributes readDataSetUntil(int stopTag) throws IOException {
        return read(stopTag & 0xFFFFFFFFL);
    }

    /**
     * After {@link #readDataSetUntil}: the tag of the element it stopped at (whose 4 tag bytes this
     * reader took from the stream), or -1 when the input ended first.
     */
    public long stoppedAt() {
        return stoppedAt;
    }

    private Attributes read(long stopTag) throws IOException {
        Attributes dataSet = new Attributes();
        try {
            readElements(dataSet, encoding, NO_BOUND, false, 0, stopTag);
        } catch (ZipException e) {
            throw new DicomFormatException("Corrupt deflated data set after " + Tag.toString(lastTag) + ": "
                    + e.getMessage(), input.position(), e);
        } catch (EOFException e) {
            throw new DicomFormatException("Truncated after " + Tag.toString(lastTag) + ": " + e.getMessage(),
                    input.position(), e);
        }
        return dataSet;
    }

    /**
     * Reads elements into {@code target} until {@code end} (a defined-length item), an Item
     * Delimitation Item ({@code undefinedItem}), the end of input (top level) or the stop tag.
     */
    private void readElements(Attributes target, Encoding enc, long end, boolean undefinedItem, int depth,
            long stopTag) throws IOException {
        boolean topLevel = depth == 0;
        while (true) {
            if (end != NO_BOUND && input.position() >= end) {
                return;
            }
            if (topLevel && input.atEnd()) {
                return;
            }
            long start = input.position();
            int tag = readTag(enc, "tag of the element after", lastTag);
            lastTag = tag;
            if (topLevel && (tag & 0xFFFFFFFFL) >= stopTag) {
                input.unread(header, 4);
                stoppedAt = tag & 0xFFFFFFFFL;
                return;
            }
            if (tag == Tag.ItemDelimitationItem) {
                readUnsigned32(enc, "length of", Tag.ItemDelimitationItem);
                if (undefinedItem) {
                    return;
                }
                // a stray delimiter after a defined-length item is common and harmless: skip it
                continue;
            }
            if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                throw new DicomFormatException("Unexpected " + Tag.toString(tag) + " among elements", start);
            }
            readElement(target, enc, tag, start, end, depth);
        }
    }

    private void readElement(Attributes target, Encoding enc, int tag, long start, long end, int depth)
            throws IOException {
        VR vr;
        long length;
        if (enc.explicitVR) {
            input.readFully(header, 0, 2, "VR of", tag);
            vr = VR.fromCode(((header[0] & 0xFF) << 8) | (header[1] & 0xFF));
            if (vr == null) {
                throw new DicomFormatException(String.format("Invalid VR 0x%02X%02X of %s", header[0] & 0xFF,
                        header[1] & 0xFF, Tag.toString(tag)), start);
            }
            if (vr.hasLongExplicitLength()) {
                input.readFully(header, 0, 2, "reserved bytes of", tag);
                length = readUnsigned32(enc, "length of", tag);
            } else {
                length = readUnsigned16(enc, "length of", tag);
            }
        } else {
            vr = ElementDictionary.vrOf(tag);
            length = readUnsigned32(enc, "length of", tag);
        }
        if (length == UNDEFINED) {
            readUndefinedLength(target, enc, tag, vr, start, depth);
            return;
        }
        checkLength(tag, length, end, start);
        if (vr == VR.SQ) {
            keep(input.position() - start, tag);
            target.putSequence(tag, readItems(target, enc, tag, input.position() + length, depth));
        } else if (isBulk(vr, length)) {
            input.skip(length, "value of", tag);
        } else {
            keep(input.position() - start + length, tag);
            byte[] value = input.readValue(length, "value of", tag);
            if (enc.bigEndian) {
                ByteOrderSwap.swap(value, vr);
            }
            target.setBytes(tag, knownTextVr(tag, vr, length), value);
        }
    }

    /**
     * PS3.5 6.2.2: a router that did not know an attribute may have re-encoded it as UN. A text value
     * reads the same in any byte order, so a standard text attribute (a Study Instance UID, a Body
     * Part Examined) or a private creator (LO) is taken with its dictionary VR, as if it had come in
     * Implicit VR; other values, and one too long for its VR's 16-bit length field in Explicit VR, stay UN.
     */
    private static VR knownTextVr(int tag, VR vr, long length) {
        if (vr != VR.UN) {
            return vr;
        }
        VR known = ElementDictionary.vrOf(tag);
        return known.isText() && (known.hasLongExplicitLength() || length <= 0xFFFE) ? known : vr;
    }

    /**
     * PS3.5 7.5.1 and A.4: undefined length means a sequence, or encapsulated pixel data. PS3.5 6.2.2:
     * an UN (or, in Implicit VR, unknown) element of undefined length is a sequence encoded in
     * Implicit VR Little Endian.
     */
    private void readUndefinedLength(Attributes target, Encoding enc, int tag, VR vr, long start, int depth)
            throws IOException {
        if (vr == VR.SQ) {
            target.putSequence(tag, readItems(target, enc, tag, NO_BOUND, depth));
        } else if (tag != Tag.PixelData && (vr == VR.UN || !enc.explicitVR)) {
            target.putSequence(tag, readItems(target, Encoding.IMPLICIT_LE, tag, NO_BOUND, depth));
        } else if (vr == VR.OB || vr == VR.OW || vr == VR.UN || tag == Tag.PixelData) {
            // PS3.5 A.4: encapsulated pixel data is OB, whatever the dictionary says for Implicit VR
            List<byte[]> fragments = readFragments(enc, tag);
            if (fragments != null) {
                target.setFragments(tag, enc.explicitVR ? vr : VR.OB, fragments);
            }
        } else {
            throw new DicomFormatException("Undefined length for " + Tag.toString(tag) + " " + vr, start);
        }
    }

    private List<Attributes> readItems(Attributes parent, Encoding enc, int sequenceTag, long end, int depth)
            throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new DicomFormatException("Sequences nested deeper than " + MAX_DEPTH + " at "
                    + Tag.toString(sequenceTag), input.position());
        }
        List<Attributes> items = new ArrayList<>();
        while (end == NO_BOUND || input.position() < end) {
            long start = input.position();
            int tag = readTag(enc, "item tag in", sequenceTag);
            long length = readUnsigned32(enc, "item length in", sequenceTag);
            if (tag == Tag.SequenceDelimitationItem) {
                if (end == NO_BOUND) {
                    return items;
                }
                // tolerated inside a defined-length sequence: it ends the sequence early
                break;
            }
            if (tag != Tag.Item) {
                throw new DicomFormatException("Expected an item in " + Tag.toString(sequenceTag) + ", found "
                        + Tag.toString(tag), start);
            }
            Attributes item = new Attributes(parent);
            keep(8, sequenceTag);
            if (length != UNDEFINED && isBulkItem(length)) {
                // content over the bound: read past it, and keep an empty item so positions still hold
                checkLength(Tag.Item, length, end, start);
                input.skip(length, "item in", sequenceTag);
            } else if (length == UNDEFINED) {
                readElements(item, enc, NO_BOUND, true, depth + 1, NO_STOP);
            } else {
                checkLength(Tag.Item, length, end, start);
                long itemEnd = input.position() + length;
                readElements(item, enc, itemEnd, false, depth + 1, NO_STOP);
                if (input.position() != itemEnd) {
                    throw new DicomFormatException("Item in " + Tag.toString(sequenceTag) + " ends at "
                            + input.position() + ", its length says " + itemEnd, start);
                }
            }
            items.add(item);
        }
        if (end != NO_BOUND && input.position() > end) {
            throw new DicomFormatException("Items overrun " + Tag.toString(sequenceTag), input.position());
        }
        return items;
    }

    /** PS3.5 A.4: items holding the Basic Offset Table, then the fragments, ended by a Sequence Delimitation Item. */
    /** PS3.5 A.4 fragments; null when one of them was skipped as bulk data. */
    private List<byte[]> readFragments(Encoding enc, int tag) throws IOException {
        List<byte[]> fragments = new ArrayList<>();
        boolean skipped = false;
        while (true) {
            long start = input.position();
            int itemTag = readTag(enc, "fragment tag in", tag);
            long length = readUnsigned32(enc, "fragment length in", tag);
            if (itemTag == Tag.SequenceDelimitationItem) {
                return skipped ? null : fragments;
            }
            if (itemTag != Tag.Item) {
                throw new DicomFormatException("Expected a fragment item in " + Tag.toString(tag) + ", found "
                        + Tag.toString(itemTag), start);
            }
            checkLength(Tag.Item, length, NO_BOUND, start);
            if (skipped || isBulk(VR.OB, length)) {
                input.skip(length, "fragment of", tag);
                skipped = true;
                fragments.clear();
            } else {
                keep(8 + length, tag);
                fragments.add(input.readValue(length, "fragment of", tag));
            }
        }
    }

    /** PS3.5 6.2: the VRs of binary and unlimited text values, the ones that carry blobs. */
    private boolean isBulk(VR vr, long length) {
        return isBulkItem(length) && switch (vr) {
            case OB, OW, OF, OD, OL, OV, UN, UT -> true;
            default -> false;
        };
    }

    private boolean isBulkItem(long length) {
        return limits.bulkValueBytes() >= 0 && length > limits.bulkValueBytes();
    }

    /** Counts {@code bytes} more against the budget, refusing before they are read, not after. */
    private void keep(long bytes, int tag) throws DataSetLimitException {
        kept += bytes;
        if (kept > limits.maxKeptBytes()) {
            throw new DataSetLimitException(DataSetLimitException.Limit.MAX_KEPT_BYTES, "header needs more than "
                    + limits.maxKeptBytes() + " bytes in memory at " + Tag.toString(tag)
                    + " (the budget for what a header parse keeps)", input.position());
        }
    }

    /** Rejects a length beyond the enclosing item or the known end of input, before allocating anything. */
    private void checkLength(int tag, long length, long end, long start) throws DicomFormatException {
        long position = input.position();
        long remaining = Math.min(input.remaining(), end == NO_BOUND ? Long.MAX_VALUE : end - position);
        if (length > remaining) {
            throw new DicomFormatException("Length " + length + " of " + Tag.toString(tag) + " exceeds the "
                    + remaining + " bytes remaining (element at " + start + ")", position);
        }
    }

    private int readTag(Encoding enc, String what, int context) throws IOException {
        input.readFully(header, 0, 4, what, context);
        int group = enc.unsigned16(header, 0);
        int element = enc.unsigned16(header, 2);
        return (group << 16) | element;
    }

    private long readUnsigned32(Encoding enc, String what, int context) throws IOException {
        input.readFully(header, 4, 4, what, context);
        return enc.unsigned32(header, 4);
    }

    private int readUnsigned16(Encoding enc, String what, int context) throws IOException {
        input.readFully(header, 4, 2, what, context);
        return enc.unsigned16(header, 4);
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
