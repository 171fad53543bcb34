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
import java.util.zip.DeflaterOutputStream;

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
     */
    public static Uids deflateBomb(Path file, int blobs, long blobBytes) throws IOException {
        Uids uids = Uids.fresh();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Part10.writeFileMetaInformation(raw, UID.CTImageStorage, uids.sopInstance(),
                    UID.DeflatedExplicitVRLittleEndian, null);
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            try {
                DeflaterOutputStream out = new DeflaterOutputStream(raw, deflater, 1 << 16);
                writeDataSet(out, uids, blobs, blobBytes, false);
                out.finish();
            } finally {
                deflater.end();
            }
        }
        return uids;
    }

    private static void writeDataSet(OutputStream out, Uids uids, int blobs, long blobBytes, boolean pattern)
            throws IOException {
        out.write(element(Tag.SOPClassUID, "UI", uid(UID.CTImageStorage)));
        out.write(element(Tag.SOPInstanceUID, "UI", uid(uids.sopInstance())));
        out.write(element(Tag.Modality, "CS", "CT"));
        out.write(element(0x00090010, "LO", CREATOR + " "));
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
