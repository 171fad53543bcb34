package org.varde.gateway.ingest;

import org.varde.gateway.spool.DirectWrites;
import org.varde.gateway.spool.OwnerOnly;
import org.varde.gateway.spool.SlotMarker;
import org.varde.gateway.spool.Slots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.zip.CRC32C;

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
     * With fsync on, the data written through the page cache is forced once this much is unforced,
     * while the rest of the instance is still arriving: a large instance then has only its tail left
     * to force when its last byte lands (docs/performance.md). Below it (a CT slice) one force at the
     * end costs less than two: every fdatasync of a growing file also commits the file system's
     * journal. Bytes written directly ({@link DirectStaging}) are on the disk already.
     */
    static final long FORCE_STEP = 4L * 1024 * 1024;

    private final Path path;
    private final BeforeCreate beforeCreate;
    private final boolean forceInSteps;
    /** Null: the file is created under {@link #path} itself and its name forced by the commit. */
    private final Slots slots;
    /** Null: through the page cache only. */
    private final DirectWrites directWrites;
    private FileChannel channel;
    /** This instance's bytes past the page cache, or null (no direct writes, or none left to stage). */
    private DirectStaging staged;
    private long unforced;
    /** The slot holding the bytes ({@link #path} is a second name of it), once the first chunk came. */
    private Path slot;
    /** Bytes written so far, and the CRC-32C of those after the preamble (the slot's marker). */
    private long written;
    private final CRC32C crc = new CRC32C();

    SpoolFile(Path path, BeforeCreate beforeCreate) {
        this(path, beforeCreate, false);
    }

    /** @param forceInSteps force every {@link #FORCE_STEP} bytes as they are written (storage.fsync on) */
    SpoolFile(Path path, BeforeCreate beforeCreate, boolean forceInSteps) {
        this(path, beforeCreate, forceInSteps, null);
    }

    /**
     * @param slots when not null, the bytes go into a slot (a file whose name is already durable) and
     *              {@code path} is made a second name of it, so that {@link #finish} needs one force
     *              for the instance to survive a crash (docs/performance.md, step 5)
     */
    SpoolFile(Path path, BeforeCreate beforeCreate, boolean forceInSteps, Slots slots) {
        this(path, beforeCreate, forceInSteps, slots, null);
    }

    /**
     * @param directWrites when not null, whole blocks go to the disk past the page cache as they come
     *                     (docs/performance.md, step 8); the file's bytes are the same either way
     */
    SpoolFile(Path path, BeforeCreate beforeCreate, boolean forceInSteps, Slots slots, DirectWrites directWrites) {
        this.path = path;
        this.beforeCreate = beforeCreate;
        this.forceInSteps = forceInSteps;
        this.slots = slots;
        this.directWrites = directWrites;
    }

    Path path() {
        return path;
    }

    /** The slot that holds this instance, or null (no slots, or nothing written yet). */
    Path slot() {
        return slot;
    }

    void write(GatheredChunk chunk) throws IOException {
        if (channel == null) {
            beforeCreate.check();
            if (slots == null) {
                // 0600 whatever the umask: the file holds patient data
                channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        OwnerOnly.file());
            } else {
                openSlot();
            }
            staged = stageDirectly(slot != null ? slot : path);
        }
        ByteBuffer[] views = chunk.views();
        if (slots != null) {
            checksum(views);
        }
        written += chunk.length();
        if (staged != null) {
            staged.write(views);
            return;
        }
        // one gathering write per chunk: a few system calls for 256 KiB, no copy on our side
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

    /**
     * Direct writes for {@code file}, or null: none for this spool, or all staging buffers in use (then
     * this instance goes through the page cache: slower, never less safe).
     */
    private DirectStaging stageDirectly(Path file) throws IOException {
        ByteBuffer buffer = directWrites == null ? null : directWrites.take();
        if (buffer == null) {
            return null;
        }
        try {
            return new DirectStaging(directWrites.open(file), directWrites, buffer);
        } catch (IOException | RuntimeException e) {
            directWrites.release(buffer);
            throw e;
        }
    }

    /**
     * The last byte is in: what the direct writes held back goes through the page cache, so that the
     * file is whole (the header is read back from it, a conflicting copy is quarantined from it).
     */
    void complete() throws IOException {
        if (staged != null) {
            DirectStaging last = staged;
            staged = null;
            try {
                last.writeHeldBack(channel);
            } finally {
                last.close();
            }
        }
    }

    /** A free slot, named {@link #path} too (the name readers and the commit know). */
    private void openSlot() throws IOException {
        Path taken = slots.take();
        slots.refillIfLow();
        try {
            Files.createLink(path, taken);
            channel = FileChannel.open(taken, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            slots.release(taken);
            throw e;
        }
        slot = taken;
    }

    /** The CRC of the bytes after the preamble (the preamble is where the marker goes at the end). */
    private void checksum(ByteBuffer[] views) {
        long position = written;
        for (ByteBuffer view : views) {
            ByteBuffer bytes = view.duplicate();
            if (position < SlotMarker.PREAMBLE) {
                int skip = (int) Math.min(bytes.remaining(), SlotMarker.PREAMBLE - position);
                bytes.position(bytes.position() + skip);
                position += skip;
            }
            position += bytes.remaining();
            crc.update(bytes);
        }
    }

    /**
     * Forces the data to disk (when asked) and closes; the file is complete after this. In a slot the
     * marker (length, CRC, sequence) goes into the preamble first, so that the one force makes the
     * instance durable and recognisably whole.
     */
    void finish(boolean force) throws IOException {
        try {
            complete();
            if (slot != null) {
                ByteBuffer marker = SlotMarker.encode(slots.nextSequence(), written, (int) crc.getValue());
                for (long at = 0; marker.hasRemaining(); ) {
                    at += channel.write(marker, at);
                }
            }
            if (force) {
                // fdatasync: the data and the size, not the timestamps (as Fsync.file)
                channel.force(false);
            }
        } finally {
            channel.close();
        }
    }

    /** Removes the slot of an instance that was not stored (its other name is the caller's to delete). */
    void releaseSlot() {
        if (slot != null) {
            slots.release(slot);
            slot = null;
        }
    }

    /** Closes without caring about errors: the file is about to be deleted. */
    void closeQuietly() {
        if (staged != null) {
            try {
                staged.close();
            } catch (IOException ignored) {
                // as below
            }
            staged = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting it next is all that matters
            }
        }
    }
}
