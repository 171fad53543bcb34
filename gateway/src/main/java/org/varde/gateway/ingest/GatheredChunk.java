package org.varde.gateway.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fragments received for one chunk write, kept as they arrived instead of being copied into one
 * buffer: the file gets them in a single gathering write. Each PDV fragment is a slice of a PDU that
 * the upper layer copied out of the socket (Vert.x {@code RecordParser} hands out a fresh buffer per
 * record), so nothing reuses its bytes while we hold it.
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

    /** Views on the fragments' bytes, without a copy when the buffer is Vert.x's own. */
    ByteBuffer[] views() {
        ByteBuffer[] views = new ByteBuffer[fragments.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = view(fragments.get(i));
        }
        return views;
    }

    private static ByteBuffer view(Buffer fragment) {
        if (fragment instanceof BufferInternal internal) {
            return internal.getByteBuf().nioBuffer();
        }
        return ByteBuffer.wrap(fragment.getBytes());
    }
}
