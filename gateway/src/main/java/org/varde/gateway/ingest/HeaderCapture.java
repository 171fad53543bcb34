package org.varde.gateway.ingest;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
     */
    InputStream open(Path file, long dataSetOffset) throws IOException {
        InputStream captured = new ByteArrayInputStream(head.getBytes());
        if (total <= head.length()) {
            return captured;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(dataSetOffset + head.length());
        return new SequenceInputStream(captured, Channels.newInputStream(channel));
    }
}
