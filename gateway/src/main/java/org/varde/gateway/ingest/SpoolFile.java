package org.varde.gateway.ingest;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The temporary file of one incoming instance, written in large chunks. Blocking: every method runs
 * on a worker thread, one at a time (the sink chains them), so no locking is needed.
 */
final class SpoolFile {
    private final Path path;
    private FileChannel channel;

    SpoolFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    void write(Buffer chunk) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        // one copy out of the Buffer: Vert.x 5 keeps its Netty buffer internal; 256 KiB copy is noise next to I/O
        ByteBuffer bytes = ByteBuffer.wrap(chunk.getBytes());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Forces the data to disk (when asked) and closes; the file is complete after this. */
    void finish(boolean force) throws IOException {
        try {
            if (force) {
                channel.force(true);
            }
        } finally {
            channel.close();
        }
    }

    /** Closes without caring about errors: the file is about to be deleted. */
    void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting it next is all that matters
            }
        }
    }
}
