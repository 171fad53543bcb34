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

    /**
     * With fsync on, the data written so far is forced once this much is unforced, while the rest of
     * the instance is still arriving: a large instance then has only its tail left to force when
     * its last byte lands (docs/performance.md). Below it (a CT slice) one force at the end costs
     * less than two: every fdatasync of a growing file also commits the file system's journal.
     */
    static final long FORCE_STEP = 4L * 1024 * 1024;

    private final Path path;
    private final BeforeCreate beforeCreate;
    private final boolean forceInSteps;
    private FileChannel channel;
    private long unforced;

    SpoolFile(Path path, BeforeCreate beforeCreate) {
        this(path, beforeCreate, false);
    }

    /** @param forceInSteps force every {@link #FORCE_STEP} bytes as they are written (storage.fsync on) */
    SpoolFile(Path path, BeforeCreate beforeCreate, boolean forceInSteps) {
        this.path = path;
        this.beforeCreate = beforeCreate;
        this.forceInSteps = forceInSteps;
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
        unforced += chunk.length();
        if (forceInSteps && unforced >= FORCE_STEP) {
            channel.force(false);
            unforced = 0;
        }
    }

    /** Forces the data to disk (when asked) and closes; the file is complete after this. */
    void finish(boolean force) throws IOException {
        try {
            if (force) {
                // fdatasync: the data and the size, not the timestamps (as Fsync.file)
                channel.force(false);
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
