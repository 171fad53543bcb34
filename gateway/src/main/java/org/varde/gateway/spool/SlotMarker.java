package org.varde.gateway.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * What says that a slot holds a whole instance: written by Varde into the file's 128-byte Part 10
 * preamble (PS3.10 7.1 leaves its content to the application; readers skip it) after the last byte
 * of the data set and before the one force that makes the instance durable. It holds the file's
 * length and a CRC-32C of everything after the preamble, so a slot torn by a crash (the marker's
 * block on disk, a data block not; or the size grown and the data not written) never passes for a
 * complete instance, and a sequence number that orders two copies of the same instance.
 * <p>
 * Layout, big-endian: magic {@code VARDSLOT} (8), sequence (8), length (8), data CRC-32C (4), CRC-32C of
 * the 28 bytes before it (4); the rest of the preamble stays zero. The marker stays in the file when
 * it takes its final name: it holds no patient data.
 */
public final class SlotMarker {
    public static final int PREAMBLE = 128;
    private static final byte[] MAGIC = "VARDSLOT".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 32;

    private SlotMarker() {
    }

    /** The preamble to write at offset 0 of a file of {@code length} bytes whose bytes after the preamble have {@code crc}. */
    public static ByteBuffer encode(long sequence, long length, int crc) {
        ByteBuffer marker = ByteBuffer.allocate(PREAMBLE);
        marker.put(MAGIC).putLong(sequence).putLong(length).putInt(crc);
        CRC32C self = new CRC32C();
        self.update(marker.array(), 0, LENGTH - 4);
        marker.putInt((int) self.getValue());
        return marker.flip();
    }

    /**
     * The sequence number of a file whose marker and content agree (a complete instance), or empty:
     * no marker, a marker for another length, or content that does not match its CRC. Reads the file.
     */
    public static OptionalLong completeSequence(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] preamble = in.readNBytes(PREAMBLE);
            OptionalLong sequence = sequenceIn(preamble);
            if (sequence.isEmpty()) {
                return sequence;
            }
            ByteBuffer fields = ByteBuffer.wrap(preamble, MAGIC.length + 8, 12);
            long length = fields.getLong();
            int crc = fields.getInt();
            if (Files.size(file) != length) {
                return OptionalLong.empty();
            }
            CRC32C content = new CRC32C();
            byte[] buffer = new byte[64 * 1024];
            long read = PREAMBLE;
            for (int n; (n = in.read(buffer)) > 0; ) {
                content.update(buffer, 0, n);
                read += n;
            }
            return read == length && (int) content.getValue() == crc ? sequence : OptionalLong.empty();
        }
    }

    /** The sequence number in a file's marker, without checking the content (a file already in place). */
    public static OptionalLong sequenceOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sequenceIn(in.readNBytes(PREAMBLE));
        }
    }

    private static OptionalLong sequenceIn(byte[] preamble) {
        if (preamble.length < PREAMBLE || !Arrays.equals(preamble, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return OptionalLong.empty();
        }
        CRC32C self = new CRC32C();
        self.update(preamble, 0, LENGTH - 4);
        ByteBuffer fields = ByteBuffer.wrap(preamble);
        if (fields.getInt(LENGTH - 4) != (int) self.getValue()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(fields.getLong(MAGIC.length));
    }
}
