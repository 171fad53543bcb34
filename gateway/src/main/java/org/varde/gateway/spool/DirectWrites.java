package org.varde.gateway.spool;

import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writing instances past the page cache (O_DIRECT): the disk takes an instance's blocks while the rest
 * is still arriving, so with fsync on the one flush before the answer has little left to write, and
 * with fsync on or off the kernel does not copy every byte into the page cache first (the largest CPU
 * cost of ingest: docs/performance.md, steps 8 and 11). O_DIRECT wants the buffer's address, the file
 * position and the length aligned to the file system's block; the bytes are staged in aligned direct
 * buffers, pooled here.
 * <p>
 * Probed once per spool: some file systems refuse O_DIRECT (EINVAL, e.g. ramfs); then the spool writes
 * through the page cache, as without this. Thread-safe.
 */
public final class DirectWrites {
    /** A chunk's worth (ingest writes at most 256 KiB at once): one direct write per chunk. */
    static final int STAGING = 256 * 1024;
    /**
     * Instances staged at once; beyond that an instance is written through the page cache (correct,
     * only slower), so the direct memory held stays at most this many {@link #STAGING} buffers.
     */
    static final int MAX_BUFFERS = 16;
    /**
     * The page size on the platforms Varde runs on. A unit below it would leave a page half written
     * directly and half through the cache, which the cache would have to read back from the disk.
     */
    private static final int PAGE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(DirectWrites.class);

    private final int block;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();

    private DirectWrites(int block) {
        this.block = block;
    }

    /**
     * Direct writes for files in {@code folder}, or null when its file system refuses them (logged
     * once, at INFO). Writes one block into a temporary {@code .part} file there (the start-up
     * reconcile removes it if a crash leaves it behind).
     */
    static DirectWrites probe(Path folder, Path probeFile) {
        try {
            int block = Math.max(PAGE, Math.toIntExact(Files.getFileStore(folder).getBlockSize()));
            if (Integer.bitCount(block) != 1 || block > STAGING / 2) {
                LOG.info("spool {} has blocks of {} bytes: instances are written through the page cache", folder, block);
                return null;
            }
            DirectWrites direct = new DirectWrites(block);
            try (FileChannel channel = FileChannel.open(probeFile, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
                ByteBuffer zeros = ByteBuffer.allocateDirect(2 * block).alignedSlice(block).slice(0, block);
                channel.write(zeros, 0);
            } finally {
                Files.deleteIfExists(probeFile);
            }
            LOG.debug("spool {} takes O_DIRECT, blocks of {} bytes", folder, block);
            return direct;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ArithmeticException e) {
            LOG.info("spool {} does not take O_DIRECT ({}): instances are written through the page cache",
                    folder, e.toString());
            return null;
        }
    }

    /** The unit of every direct write: positions and lengths are multiples of it. A power of two. */
    public int block() {
        return block;
    }

    /** {@code file} opened for direct writes. */
    public FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }

    /**
     * An empty staging buffer ({@link #STAGING} bytes at a {@link #block} aligned address) for one
     * instance, or null when {@link #MAX_BUFFERS} are in use. Give it back with {@link #release}.
     */
    public ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        if (created.incrementAndGet() > MAX_BUFFERS) {
            created.decrementAndGet();
            return null;
        }
        return ByteBuffer.allocateDirect(STAGING + block).alignedSlice(block).slice(0, STAGING);
    }

    public void release(ByteBuffer buffer) {
        free.add(buffer);
    }
}
