package org.varde.gateway.ingest;

import org.varde.gateway.spool.DirectWrites;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One instance's bytes on their way to the disk past the page cache (O_DIRECT): copied into an aligned
 * staging buffer and written in whole blocks as soon as there are any, while the rest is still
 * arriving. Held back are the first block and the unaligned tail; {@link #writeHeldBack} writes them
 * through the page cache once the last byte is in. The first block because the slot marker goes into
 * its preamble at the end: had the block gone to the disk directly, that write would read it back.
 * <p>
 * The staging buffer's first block is the file's first block, for good; the rest of it holds the bytes
 * from file offset {@link #stagedFrom} on. Worker thread only, one call at a time (as {@link SpoolFile}).
 */
final class DirectStaging {
    private final FileChannel direct;
    private final DirectWrites pool;
    private final int block;
    /** Position: how far it is filled. */
    private final ByteBuffer staging;
    /** The file offset of the byte at index {@link #block}; always a multiple of {@link #block}. */
    private long stagedFrom;

    DirectStaging(FileChannel direct, DirectWrites pool, ByteBuffer staging) {
        this.direct = direct;
        this.pool = pool;
        this.block = pool.block();
        this.staging = staging;
        this.stagedFrom = block;
    }

    /** Stages {@code views} (not moving their positions) and writes the whole blocks among what is staged. */
    void write(ByteBuffer[] views) throws IOException {
        for (ByteBuffer view : views) {
            int from = view.position();
            while (from < view.limit()) {
                int n = Math.min(view.limit() - from, staging.remaining());
                staging.put(staging.position(), view, from, n).position(staging.position() + n);
                from += n;
                if (!staging.hasRemaining()) {
                    writeBlocks();
                }
            }
        }
        writeBlocks();
    }

    /** Writes what is staged up to the last whole block, and moves the rest to the front. */
    private void writeBlocks() throws IOException {
        int staged = staging.position() - block;
        int whole = staged - staged % block;
        if (whole <= 0) {
            return;
        }
        writeFully(direct, staging.duplicate().limit(block + whole).position(block), stagedFrom);
        staging.put(block, staging, block + whole, staged - whole).position(block + staged - whole);
        stagedFrom += whole;
    }

    /** The first block and the tail, through {@code cached} (the file's ordinary channel): the file is whole. */
    void writeHeldBack(FileChannel cached) throws IOException {
        int end = staging.position();
        writeFully(cached, staging.duplicate().limit(Math.min(block, end)).position(0), 0);
        if (end > block) {
            writeFully(cached, staging.duplicate().limit(end).position(block), stagedFrom);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        for (long at = position; bytes.hasRemaining(); ) {
            at += channel.write(bytes, at);
        }
    }

    /** Closes the direct channel and gives the buffer back; nothing is written after this. */
    void close() throws IOException {
        try {
            direct.close();
        } finally {
            pool.release(staging);
        }
    }
}
