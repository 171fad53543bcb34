package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first bytes of a streaming data set so that its header (everything before Pixel Data)
 * can be parsed without reading the file back. The bytes are kept by reference: a retained slice
 * of each received fragment, not a copy, so capturing costs the event loop no copy and the heap no
 * array (issue 9: the copy, its growing buffer and the parse's read buffer were ~240 KiB of garbage
 * per instance). Bounded: at most {@code limit} bytes are kept whatever the instance size; a header
 * longer than that continues from the file.
 * <p>
 * The kept slices hold pooled memory: {@link #release} must be called once the header is parsed or
 * the store has ended any other way. {@link #capture} runs on the event loop, {@link #open} and
 * {@link #release} after it, on the store's worker sequence.
 */
final class HeaderCapture {
    /** Headers are a few KiB (vendor private blocks reach tens of KiB): well short of a CT slice's pixels. */
    static final int DEFAULT_LIMIT = 64 * 1024;
    /** For the part of a long header read back from the file: the reader asks for a few bytes at a time. */
    private static final int FILE_BUFFER = 64 * 1024;
    /**
     * At most this many pieces are kept: a sender of tiny PDVs (a few bytes each, as the standard
     * allows) would otherwise leave a slice object, and a hold on a receive buffer, per PDV. Past it
     * the rest of the head is copied into one buffer, as every byte was before.
     */
    static final int MAX_PIECES = 16;

    private final int limit;
    private final List<ByteBuf> head = new ArrayList<>(4);
    /** The last piece once {@link #MAX_PIECES} is reached: the rest of the head, copied. */
    private ByteBuf copied;
    private int captured;
    private long total;

    HeaderCapture(int limit) {
        this.limit = limit;
    }

    /** Notes a fragment's length and keeps a reference to its first bytes while under the limit. */
    void capture(ByteBuf fragment) {
        int length = fragment.readableBytes();
        int room = limit - captured;
        if (room > 0 && length > 0) {
            int kept = Math.min(room, length);
            if (copied == null && head.size() < MAX_PIECES - 1) {
                head.add(fragment.retainedSlice(fragment.readerIndex(), kept));
            } else {
                if (copied == null) {
                    copied = Unpooled.buffer(room, room);
                    head.add(copied);
                }
                copied.writeBytes(fragment, fragment.readerIndex(), kept);
            }
            captured += kept;
        }
        total += length;
    }

    long totalBytes() {
        return total;
    }

    /**
     * The data set from its first byte: the captured bytes, then (when the data set was longer
     * than the capture) the rest from {@code file}, where the data set starts at {@code dataSetOffset}.
     * Skipping in the file part seeks: a skipped private blob of gigabytes is never read back. Valid
     * until {@link #release}.
     */
    InputStream open(Path file, long dataSetOffset) throws IOException {
        InputStream kept = new KeptBytes(head);
        if (total <= captured) {
            return kept;
        }
        FileInputStream rest = new FileInputStream(file.toFile());
        try {
            rest.getChannel().position(dataSetOffset + captured);
        } catch (IOException e) {
            rest.close();
            throw e;
        }
        return new CapturedThenFile(kept, rest);
    }

    /** How many pieces hold the kept bytes (at most {@link #MAX_PIECES}). */
    int pieces() {
        return head.size();
    }

    /** Gives the kept slices back to the pool; idempotent. */
    void release() {
        head.forEach(ByteBuf::release);
        head.clear();
        copied = null;
    }

    /** The kept slices, read in order without copying them together first. */
    private static final class KeptBytes extends InputStream {
        private final List<ByteBuf> slices;
        private int index;
        private int offset;

        KeptBytes(List<ByteBuf> slices) {
            this.slices = slices;
        }

        /** The slice with bytes left to read, or null at the end. */
        private ByteBuf current() {
            while (index < slices.size()) {
                ByteBuf slice = slices.get(index);
                if (offset < slice.readableBytes()) {
                    return slice;
                }
                index++;
                offset = 0;
            }
            return null;
        }

        @Override
        public int read() {
            ByteBuf slice = current();
            return slice == null ? -1 : slice.getUnsignedByte(slice.readerIndex() + offset++);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            ByteBuf slice = current();
            if (slice == null) {
                return -1;
            }
            int n = Math.min(len, slice.readableBytes() - offset);
            slice.getBytes(slice.readerIndex() + offset, b, off, n);
            offset += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = 0;
            for (ByteBuf slice; skipped < n && (slice = current()) != null; ) {
                int step = (int) Math.min(n - skipped, slice.readableBytes() - offset);
                offset += step;
                skipped += step;
            }
            return skipped;
        }
    }

    /** {@link java.io.SequenceInputStream} of two, but whose skip reaches the file's own (a seek). */
    private static final class CapturedThenFile extends InputStream {
        private final InputStream captured;
        private final FileInputStream file;
        /** The file read through a buffer (small reads), created when the reader first gets there. */
        private InputStream rest;

        CapturedThenFile(InputStream captured, FileInputStream file) {
            this.captured = captured;
            this.file = file;
        }

        private InputStream rest() {
            if (rest == null) {
                rest = new BufferedInputStream(file, FILE_BUFFER);
            }
            return rest;
        }

        @Override
        public int read() throws IOException {
            int b = captured.read();
            return b >= 0 ? b : rest().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = captured.read(b, off, len);
            return n > 0 || len == 0 ? n : rest().read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = captured.skip(n);
            // BufferedInputStream skips what it holds, then the file's skip: a seek
            return skipped > 0 ? skipped : rest().skip(n);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
