package org.varde.gateway.testing;

import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Part 10 files a hostile or merely unusual sender would send, written streaming to disk: a blob of
 * gigabytes is never held in memory, neither here nor (that is what the tests prove) in the gateway.
 * Each is a valid CT image header with private OB elements before Pixel Data.
 */
public final class HostileFiles {
    /** The private creator of the blobs (PS3.5 7.8.1). */
    private static final String CREATOR = "VARDE HOSTILE";

    private HostileFiles() {
    }

    /** The UIDs a generated file carries. */
    public record Uids(String sopInstance, String study, String series) {
        static Uids fresh() {
            return new Uids(UID.generate(), UID.generate(), UID.generate());
        }
    }

    /**
     * Explicit VR Little Endian with one private OB of {@code blobBytes} bytes before Pixel Data, filled
     * with a pattern (not zeros) so a byte-for-byte comparison means something.
     */
    public static Uids privateBlob(Path file, long blobBytes) throws IOException {
        Uids uids = Uids.fresh();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Part10.writeFileMetaInformation(out, UID.CTImageStorage, uids.sopInstance(), UID.ExplicitVRLittleEndian,
                    null);
            writeDataSet(out, uids, 1, blobBytes, true);
        }
        return uids;
    }

    /**
     * Deflated Explicit VR Little Endian (PS3.5 A.5) whose header holds {@code blobs} private OB elements
     * of {@code blobBytes} zeros: gigabytes inflated from a few MiB on the wire. Each element is under any
     * per-element limit; only their total is absurd.
     * <p>
     * Deflating 6 GiB of zeros takes a minute; but a deflater that is fresh, or just fully flushed,
     * refers to nothing before it (RFC 1951 3.2: back-references reach only into its own history), so
     * the compressed zeros of one element are computed once and written {@code blobs} times, each
     * piece of the stream coming from a fresh deflater.
     */
    public static Uids deflateBomb(Path file, int blobs, long blobBytes) throws IOException {
        Uids uids = Uids.fresh();
        byte[] zeros = deflate(null, blobBytes, false);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Part10.writeFileMetaInformation(out, UID.CTImageStorage, uids.sopInstance(),
                    UID.DeflatedExplicitVRLittleEndian, null);
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            writeHead(head, uids);
            out.write(deflate(head.toByteArray(), 0, false));
            for (int i = 0; i < blobs; i++) {
                out.write(deflate(header(0x00091000 | (0x10 + i), "OB", blobBytes), 0, false));
                out.write(zeros);
            }
            java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
            writeTail(tail, uids);
            out.write(deflate(tail.toByteArray(), 0, true));
        }
        return uids;
    }

    /**
     * Raw deflate (PS3.5 A.5: no zlib header) of {@code bytes} (or of {@code zeroCount} zeros when null)
     * from a fresh deflater, ended by a full flush, or as the final block when {@code last}.
     */
    private static byte[] deflate(byte[] bytes, long zeroCount, boolean last) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            if (bytes != null) {
                feed(deflater, bytes, bytes.length, out, buffer);
            } else {
                byte[] chunk = new byte[1 << 20];
                for (long left = zeroCount; left > 0; left -= chunk.length) {
                    feed(deflater, chunk, (int) Math.min(left, chunk.length), out, buffer);
                }
            }
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                    out.write(buffer, 0, n);
                } while (n == buffer.length);
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static void feed(Deflater deflater, byte[] input, int length, java.io.ByteArrayOutputStream out,
                             byte[] buffer) {
        deflater.setInput(input, 0, length);
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    private static void writeDataSet(OutputStream out, Uids uids, int blobs, long blobBytes, boolean pattern)
            throws IOException {
        writeHead(out, uids);
        byte[] chunk = new byte[1 << 16];
        if (pattern) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + 7);
            }
        }
        for (int i = 0; i < blobs; i++) {
            out.write(header(0x00091000 | (0x10 + i), "OB", blobBytes));
            for (long left = blobBytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        }
        writeTail(out, uids);
    }

    /** SOP class and instance, modality and the private creator: what comes before the blobs. */
    private static void writeHead(OutputStream out, Uids uids) throws IOException {
        out.write(element(Tag.SOPClassUID, "UI", uid(UID.CTImageStorage)));
        out.write(element(Tag.SOPInstanceUID, "UI", uid(uids.sopInstance())));
        out.write(element(Tag.Modality, "CS", "CT"));
        out.write(element(0x00090010, "LO", CREATOR + " "));
    }

    /** Patient, study, series and a little Pixel Data: what comes after the blobs. */
    private static void writeTail(OutputStream out, Uids uids) throws IOException {
        out.write(element(Tag.PatientID, "LO", "HOSTILE1"));
        out.write(element(Tag.StudyInstanceUID, "UI", uid(uids.study())));
        out.write(element(Tag.SeriesInstanceUID, "UI", uid(uids.series())));
        out.write(header(Tag.PixelData, "OW", 64));
        out.write(new byte[64]);
    }

    /** PS3.5 9.1: a UID value is padded to even length with one NUL. */
    private static String uid(String uid) {
        return uid.length() % 2 == 0 ? uid : uid + "\0";
    }

    private static byte[] header(int tag, String vr, long length) {
        boolean longForm = "OB OW SQ UN UT".contains(vr);
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt((int) length);
        } else {
            b.putShort((short) length);
        }
        return b.array();
    }

    private static byte[] element(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        byte[] h = header(tag, vr, v.length);
        byte[] out = new byte[h.length + v.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(v, 0, out, h.length, v.length);
        return out;
    }
}
