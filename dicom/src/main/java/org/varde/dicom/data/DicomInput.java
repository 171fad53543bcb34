package org.varde.dicom.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte source of {@link DicomReader}: counts the position, knows how much may remain, and turns
 * a premature end into a {@link DicomFormatException}. It never reads ahead of what the parser asks
 * for, except the one tag it can push back, so the caller's stream stays usable afterwards.
 */
final class DicomInput {

    /** Growth step for values whose length cannot be checked against a known limit. */
    static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final long limit;
    private final byte[] pushback = new byte[8];
    private int pushbackLength;
    private long position;

    /** @param limit total bytes the stream holds, or -1 when unknown */
    DicomInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    long position() {
        return position;
    }

    /** Bytes left before the known end of input, or Long.MAX_VALUE when the end is unknown. */
    long remaining() {
        return limit < 0 ? Long.MAX_VALUE : limit - position;
    }

    boolean limitKnown() {
        return limit >= 0;
    }

    /** True when the stream ends here; reads at most one byte, which it keeps. */
    boolean atEnd() throws IOException {
        if (pushbackLength > 0) {
            return false;
        }
        if (limit >= 0 && position >= limit) {
            return true;
        }
        int b;
        try {
            b = in.read();
        } catch (EOFException e) {
            // InflaterInputStream: the deflate stream stops before its final block
            throw new DicomFormatException("Truncated: input ends inside the encoded stream (" + e.getMessage()
                    + ")", position, e);
        }
        if (b < 0) {
            return true;
        }
        pushback[0] = (byte) b;
        pushbackLength = 1;
        return false;
    }

    /** Puts back the last bytes read (at most 8) so the next read returns them again. */
    void unread(byte[] bytes, int length) {
        System.arraycopy(pushback, 0, pushback, length, pushbackLength);
        System.arraycopy(bytes, 0, pushback, 0, length);
        pushbackLength += length;
        position -= length;
    }

    /** @param what and {@code tag} name the field for the error message, built only on failure */
    void readFully(byte[] b, int off, int len, String what, int tag) throws IOException {
        int done = 0;
        while (done < len && pushbackLength > 0) {
            b[off + done++] = pushback[0];
            System.arraycopy(pushback, 1, pushback, 0, --pushbackLength);
        }
        while (done < len) {
            int n;
            try {
                n = in.read(b, off + done, len - done);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                position += done;
                throw new DicomFormatException("Truncated: " + what + " " + Tag.toString(tag) + " needs " + len
                        + " bytes, only " + done + " remain", position);
            }
            done += n;
        }
        position += len;
    }

    /**
     * Reads past {@code length} bytes without keeping them. The stream's own skip is used, so a file
     * seeks instead of reading a skipped blob through memory; where it skips nothing (at the end, or
     * a stream that cannot), one byte is read to tell a truncation from a pause.
     */
    void skip(long length, String what, int tag) throws IOException {
        long left = length;
        while (left > 0 && pushbackLength > 0) {
            System.arraycopy(pushback, 1, pushback, 0, --pushbackLength);
            position++;
            left--;
        }
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                int b = in.read();
                if (b < 0) {
                    throw new DicomFormatException("Truncated: " + what + " " + Tag.toString(tag) + " needs "
                            + length + " bytes, only " + (length - left) + " remain", position);
                }
                n = 1;
            }
            position += n;
            left -= n;
        }
    }

    /**
     * Reads a value of {@code length} bytes. With a known limit the length is already checked; without
     * one the value grows chunk by chunk as bytes actually arrive, so a lying length costs at most one
     * chunk of memory before the input runs out.
     */
    byte[] readValue(long length, String what, int tag) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new DicomFormatException(what + " " + Tag.toString(tag) + ": " + length
                    + " bytes are too many to hold in memory", position);
        }
        int len = (int) length;
        if (limitKnown() || len <= CHUNK) {
            byte[] value = new byte[len];
            readFully(value, 0, len, what, tag);
            return value;
        }
        List<byte[]> chunks = new ArrayList<>();
        int done = 0;
        while (done < len) {
            byte[] chunk = new byte[Math.min(CHUNK, len - done)];
            readFully(chunk, 0, chunk.length, what, tag);
            chunks.add(chunk);
            done += chunk.length;
        }
        byte[] value = new byte[len];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, value, at, chunk.length);
            at += chunk.length;
        }
        return value;
    }
}
