package org.varde.gateway.ingest;

import org.varde.gateway.spool.OwnerOnly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The temporary file of one incoming instance, written in large chunks. Blocking: every method runs
 * on a worker thread, one at a time (the sink chains them), so no locking is needed.
 */
final class SpoolFile {
    /** Asked once, before the file is created; a refusal leaves nothing on disk. */
    interface BeforeCreate {
        void check() throws IOException;
    }

    private final Path path;
    private final BeforeCreate beforeCreate;
    private FileChannel channel;

    SpoolFile(Path path, BeforeCreate beforeCreate) {
        this.path = path;
        this.beforeCreate = beforeCreate;
    }

    Path path() {
        return path;
    }

    void write(GatheredChunk chunk) throws IOException {
        if (channel == null) {
            beforeCreate.check();
            // 0600 whatever the umask: the file holds patient data
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OwnerOnly.file());
        }
        // one gathering write per chunk: a few system calls for 256 KiB, no copy on our side
        ByteBuffer[] views = chunk.views();
        long remaining = chunk.length();
        while (remaining > 0) {
            remaining -= channel.write(views);
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
