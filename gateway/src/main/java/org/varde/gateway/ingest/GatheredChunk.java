package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fragments received for one chunk write, kept as they arrived instead of being copied into one
 * buffer: the file gets them in a single gathering write. Each PDV fragment is a slice of the
 * socket reads Vert.x copied out of Netty's pool (the upper layer frames PDUs without copying), so
 * nothing reuses its bytes while we hold it.
 */
final class GatheredChunk {
    private final List<Buffer> fragments = new ArrayList<>();
    private int length;

    void add(Buffer fragment) {
        fragments.add(fragment);
        length += fragment.length();
    }

    int length() {
        return length;
    }

    /**
     * Views on the fragments' bytes, without a copy when the buffer is Vert.x's own. A fragment that
     * spans socket reads is a composite: one view per part (its single-view form would copy).
     */
    ByteBuffer[] views() {
        List<ByteBuffer> views = new ArrayList<>(fragments.size() + 4);
        for (Buffer fragment : fragments) {
            if (fragment instanceof BufferInternal internal) {
                ByteBuf bytes = internal.getByteBuf();
                Collections.addAll(views, bytes.nioBuffers(bytes.readerIndex(), bytes.readableBytes()));
            } else {
                views.add(ByteBuffer.wrap(fragment.getBytes()));
            }
        }
        return views.toArray(ByteBuffer[]::new);
    }
}
