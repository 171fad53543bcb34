package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** The bounded header parse: bulk values skipped, a budget for the rest, deflate bombs refused. */
class ReadLimitsTest {

    private static final String STUDY = "1.2.826.0.1.3680043.10.1.1";

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** An Explicit VR Little Endian element header (PS3.5 7.1.2). */
    static byte[] header(int tag, String vr, long length) {
        boolean longForm = "OB OD OF OL OV OW SQ SV UC UN UR UT UV".contains(vr);
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt((int) length);
        } else {
            b.putShort((short) length);
        }
        return b.array();
    }

    static byte[] element(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        byte[] h = header(tag, vr, v.length);
        byte[] out = new byte[h.length + v.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(v, 0, out, h.length, v.length);
        return out;
    }

    /** Patient ID, a private creator, then {@code blobs} private OB values of {@code blobLength} zeros, then the study. */
    static void writeBlobs(OutputStream out, int blobs, long blobLength) throws IOException {
        out.write(element(Tag.PatientID, "LO", "P1"));
        out.write(element(0x00090010, "LO", "VARDE TEST"));
        byte[] zeros = new byte[64 * 1024];
        for (int i = 0; i < blobs; i++) {
            out.write(header(0x00091000 | (0x10 + i), "OB", blobLength));
            for (long left = blobLength; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        out.write(element(Tag.StudyInstanceUID, "UI", STUDY + "\0"));
        out.write(header(Tag.PixelData, "OW", 4));
        out.write(new byte[4]);
    }

    static byte[] deflated(int blobs, long blobLength) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (OutputStream out = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
            writeBlobs(out, blobs, blobLength);
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    /** Bytes, then {@code zeros} zero bytes nobody holds, then more bytes: a huge file without the file. */
    private static final class VirtualBlob extends InputStream {
        private final byte[] before;
        private final long zeros;
        private final byte[] after;
        private long position;

        VirtualBlob(byte[] before, long zeros, byte[] after) {
            this.before = before;
            this.zeros = zeros;
            this.after = after;
        }

        long length() {
            return before.length + zeros + after.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length()) {
                return -1;
            }
            int n = 0;
            while (n < len && position < length()) {
                long p = position;
                b[off + n] = p < before.length ? before[(int) p]
                        : p < before.length + zeros ? 0 : after[(int) (p - before.length - zeros)];
                position++;
                n++;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.min(n, length() - position);
            position += skipped;
            return skipped;
        }
    }

    @Test
    void privateBlobOfOneAndAHalfGibibytesIsSkippedNotHeld() throws IOException {
        long blob = 1536L * 1024 * 1024;
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        before.write(element(Tag.PatientID, "LO", "P1"));
        before.write(header(0x00091010, "OB", blob));
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        after.write(element(Tag.StudyInstanceUID, "UI", STUDY + "\0"));
        after.write(header(Tag.PixelData, "OW", 4));
        after.write(new byte[4]);
        VirtualBlob in = new VirtualBlob(before.toByteArray(), blob, after.toByteArray());

        long allocated = allocatedBytes();
        Attributes header;
        try (DicomReader reader = new DicomReader(in, TransferSyntax.EXPLICIT_LE, in.length())
                .limits(ReadLimits.DEFAULTS)) {
            header = reader.readDataSetUntil(Tag.PixelData);
        }
        allocated = allocatedBytes() - allocated;
        assertEquals("P1", header.getString(Tag.PatientID));
        assertEquals(STUDY, header.getString(Tag.StudyInstanceUID));
        assertFalse(header.contains(0x00091010), "skipped, not kept");
        assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes for a " + blob + "-byte blob");
    }

    @Test
    void deflateBombIsRefusedByItsInflationRatioBeforeItIsInflated() throws IOException {
        byte[] bomb = deflated(4, 32L * 1024 * 1024);
        assertTrue(bomb.length < 512 * 1024, "a bomb is small on the wire: " + bomb.length);
        long allocated = allocatedBytes();
        DataSetLimitException refused = assertThrows(DataSetLimitException.class, () -> {
            try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bomb),
                    TransferSyntax.DEFLATED_EXPLICIT_LE).limits(ReadLimits.DEFAULTS)) {
                reader.readDataSetUntil(Tag.PixelData);
            }
        });
        allocated = allocatedBytes() - allocated;
        assertEquals(DataSetLimitException.Limit.MAX_INFLATION_RATIO, refused.limit());
        assertTrue(refused.getMessage().contains("inflates"), refused.getMessage());
        assertTrue(refused.offset() < 8L * 1024 * 1024, "stopped early, at " + refused.offset());
        assertTrue(allocated < 2 * 1024 * 1024, "allocated " + allocated);
    }

    @Test
    void deflatedDataSetInflatingBeyondTheSizeLimitIsRefused() throws IOException {
        byte[] bomb = deflated(1, 24L * 1024 * 1024);
        ReadLimits steepAllowed = new ReadLimits(64 * 1024, 1 << 20, 2000, 8L * 1024 * 1024);
        DataSetLimitException refused = assertThrows(DataSetLimitException.class, () -> {
            try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bomb),
                    TransferSyntax.DEFLATED_EXPLICIT_LE).limits(steepAllowed)) {
                reader.readDataSetUntil(Tag.PixelData);
            }
        });
        assertEquals(DataSetLimitException.Limit.MAX_INFLATED_BYTES, refused.limit());
    }

    @Test
    void ordinaryDeflatedDataSetReadsWithinTheDefaults() throws IOException {
        byte[] bytes = Codec.encode(EveryVrRoundTripTest.everyVr(), TransferSyntax.DEFLATED_EXPLICIT_LE, false);
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.DEFLATED_EXPLICIT_LE)
                .limits(ReadLimits.DEFAULTS)) {
            assertEquals(Codec.decodeWithoutLimit(bytes, TransferSyntax.DEFLATED_EXPLICIT_LE), reader.readDataSet());
        }
        // a small blob inflating steeply is fine below the ratio's grace
        byte[] small = deflated(2, 256 * 1024);
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(small), TransferSyntax.DEFLATED_EXPLICIT_LE)
                .limits(ReadLimits.DEFAULTS)) {
            assertEquals(STUDY, reader.readDataSetUntil(Tag.PixelData).getString(Tag.StudyInstanceUID));
        }
    }

    @Test
    void keptValuesBeyondTheBudgetAreRefusedBeforeTheyAreRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(element(0x00090010, "LO", "VARDE TEST"));
        String text = "x".repeat(1000);
        for (int i = 0; i < 200; i++) {
            out.write(element(0x00091000 | i, "UC", text)); // not a bulk VR: kept, counted
        }
        byte[] bytes = out.toByteArray();
        ReadLimits small = new ReadLimits(64 * 1024, 100 * 1024, 200, 1 << 30);
        DataSetLimitException refused = assertThrows(DataSetLimitException.class, () -> {
            try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_LE,
                    bytes.length).limits(small)) {
                reader.readDataSet();
            }
        });
        assertEquals(DataSetLimitException.Limit.MAX_KEPT_BYTES, refused.limit());
        assertTrue(refused.offset() < 110 * 1024, "refused when the budget ran out, at " + refused.offset());
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_LE,
                bytes.length).limits(ReadLimits.DEFAULTS)) {
            assertEquals(201, reader.readDataSet().size(), "within the default budget all is kept");
        }
    }

    @Test
    void onlyBulkVrsAreSkippedAndOversizedItemsLeaveAnEmptyItem() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(0x00090010, VR.LO, "VARDE TEST");
        ds.setBytes(0x00091001, VR.UT, "t".repeat(2000).getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(0x00091002, VR.UC, "c".repeat(2000).getBytes(StandardCharsets.US_ASCII));
        java.util.List<Attributes> sequence = ds.newSequence(Tag.AnatomicRegionSequence);
        Attributes small = new Attributes(ds);
        small.setString(Tag.CodeValue, VR.SH, "T-D3000");
        Attributes large = new Attributes(ds);
        large.setString(Tag.CodeValue, VR.SH, "BIG");
        large.setBytes(0x00091003, VR.UC, "u".repeat(3000).getBytes(StandardCharsets.US_ASCII));
        sequence.add(small);
        sequence.add(large);
        byte[] bytes = Codec.encode(ds, TransferSyntax.EXPLICIT_LE, false);
        Attributes read;
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), TransferSyntax.EXPLICIT_LE,
                bytes.length).limits(ReadLimits.DEFAULTS.withBulkValueBytes(1024))) {
            read = reader.readDataSet();
        }
        assertFalse(read.contains(0x00091001), "UT over the bound: skipped");
        assertTrue(read.contains(0x00091002), "UC is not a bulk VR: kept");
        java.util.List<Attributes> items = read.getSequence(Tag.AnatomicRegionSequence);
        assertEquals(2, items.size(), "positions hold");
        assertEquals("T-D3000", items.get(0).getString(Tag.CodeValue));
        assertTrue(items.get(1).isEmpty(), "the item over the bound is skipped whole");
    }
}
