package org.varde.gateway.ingest;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Keeps the first bytes of a streaming data set in memory so that its header (everything before
 * Pixel Data) can be parsed without reading the file back. Bounded: memory per instance stays at
 * {@code limit} whatever the instance size; a header longer than that continues from the file.
 */
final class HeaderCapture {
    /**
     * Headers are a few KiB (vendor private blocks reach tens of KiB); every captured byte is a copy
     * on the event loop, so the capture stops well short of a CT slice's pixel data.
     */
    static final int DEFAULT_LIMIT = 64 * 1024;

    private final int limit;
    private final Buffer head;
    private long total;

    HeaderCapture(int limit) {
        this.limit = limit;
        this.head = Buffer.buffer(Math.min(limit, 16 * 1024));
    }

    void capture(Buffer fragment) {
        int room = limit - head.length();
        if (room > 0) {
            head.appendBuffer(fragment, 0, Math.min(room, fragment.length()));
        }
        total += fragment.length();
    }

    long totalBytes() {
        return total;
    }

    /**
     * The data set from its first byte: the captured bytes, then (when the data set was longer
     * than the capture) the rest from {@code file}, where the data set starts at {@code dataSetOffset}.
     * Skipping in the file part seeks: a skipped private blob of gigabytes is never read back.
     */
    InputStream open(Path file, long dataSetOffset) throws IOException {
        InputStream captured = new ByteArrayInputStream(head.getBytes());
        if (total <= head.length()) {
            return captured;
        }
        FileInputStream rest = new FileInputStream(file.toFile());
        try {
            rest.getChannel().position(dataSetOffset + head.length());
        } catch (IOException e) {
            rest.close();
            throw e;
        }
        return new CapturedThenFile(captured, rest);
    }

    /** {@link java.io.SequenceInputStream} of two, but whose skip reaches the file's own (a seek). */
    private static final class CapturedThenFile extends InputStream {
        private final InputStream captured;
        private final FileInputStream rest;

        CapturedThenFile(InputStream captured, FileInputStream rest) {
            this.captured = captured;
            this.rest = rest;
        }

        @Override
        public int read() throws IOException {
            int b = captured.read();
            return b >= 0 ? b : rest.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = captured.read(b, off, len);
            return n > 0 || len == 0 ? n : rest.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = captured.skip(n);
            return skipped > 0 ? skipped : rest.skip(n);
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }
}
