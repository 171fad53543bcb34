package org.varde.dicom.net.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One PDV's data as received, borrowed from its PDU ({@link ReceivedPData}) for the one call that
 * hands it on. A consumer reads it there, or keeps a heap copy, or (an owning sink only) retains the
 * bytes where they lie and releases them later; keeping {@link #borrowed} itself would read memory
 * that the pool has given to someone else.
 */
final class ReceivedFragment {
    private final ByteBuf bytes;

    /** @param bytes a view on the PDU's body, not retained */
    ReceivedFragment(ByteBuf bytes) {
        this.bytes = bytes;
    }

    int length() {
        return bytes.readableBytes();
    }

    /** The bytes for reading during this call (a parse, an append that copies). */
    Buffer borrowed() {
        return BufferInternal.buffer(bytes);
    }

    /** A heap copy, for a consumer that keeps it and knows nothing of reference counts. */
    Buffer copy() {
        return Buffer.buffer(ByteBufUtil.getBytes(bytes));
    }

    /** The bytes where they lie, retained for the caller, who releases them exactly once. */
    ByteBuf retain() {
        return bytes.retainedSlice();
    }
}
