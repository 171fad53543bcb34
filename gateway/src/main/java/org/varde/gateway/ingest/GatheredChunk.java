package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fragments received for one chunk write, kept as they arrived instead of being copied into one
 * buffer: the file gets them in a single gathering write. Each PDV fragment is the received bytes
 * themselves, in Netty's pooled direct memory (the association hands them over without a heap copy,
 * {@link org.varde.dicom.dimse.OwningStoreSink}), so the write needs no copy on our side nor in the
 * JDK. The chunk owns them: {@link #release} gives them back to the pool, and every path of the sink
 * ends in it (written, refused, failed, aborted).
 */
final class GatheredChunk {
    private final List<ByteBuf> fragments = new ArrayList<>();
    private int length;

    /** Takes ownership of {@code fragment}. */
    void add(ByteBuf fragment) {
        fragments.add(fragment);
        length += fragment.readableBytes();
    }

    int length() {
        return length;
    }

    /**
     * Views on the fragments' bytes, without a copy. A fragment that spans socket reads is a
     * composite: one view per part (its single-view form would copy).
     */
    ByteBuffer[] views() {
        List<ByteBuffer> views = new ArrayList<>(fragments.size() + 4);
        for (ByteBuf bytes : fragments) {
            Collections.addAll(views, bytes.nioBuffers(bytes.readerIndex(), bytes.readableBytes()));
        }
        return views.toArray(ByteBuffer[]::new);
    }

    /**
     * Gives every fragment back to the pool. The chunk lets go of them as it does, so a second call
     * (a clean-up after the path that already released) releases nothing twice.
     */
    void release() {
        for (ByteBuf fragment : fragments) {
            fragment.release();
        }
        fragments.clear();
        length = 0;
    }
}
