package org.varde.dicom.net.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;

/**
 * Cuts the socket's byte stream into records of the size the upper layer asks for next (a PDU
 * header, then its body; PS3.8 9.3.1), without copying: a record inside one read is a slice of it,
 * a record spanning reads is a composite of slices. Vert.x's {@code RecordParser} copied every
 * record out of an accumulating buffer (about three copies per byte, and a 1 MiB PDU was one
 * humongous array for the garbage collector), which cost more than the disk at 512 KiB per
 * instance.
 * <p>
 * The reads are Netty's own buffers, taken from the pipeline before Vert.x copies them into the
 * heap (issue 9): pooled, reference-counted memory. The framer owns each read until its last byte
 * is in a record and then releases it; each record it hands on is retained for the handler, which
 * must release it. {@link #close} releases what is still queued, and every read that arrives after.
 * <p>
 * Pausing stops both the records and the socket, so a slow sink slows the sender (back-pressure);
 * what is buffered here is at most one read beyond the record being waited for.
 */
final class PduFramer implements Handler<Object> {
    private final NetSocket socket;
    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private Handler<ByteBuf> records;
    private long available;
    private int wanted;
    private boolean paused;
    private boolean delivering;
    private boolean closed;

    PduFramer(NetSocket socket, int firstRecordLength) {
        this.socket = socket;
        this.wanted = firstRecordLength;
    }

    /** @param records receives each record retained for it: the handler releases it */
    void handler(Handler<ByteBuf> records) {
        this.records = records;
    }

    /** The length of the next record; takes effect for the record after the one being handled. */
    void fixedSizeMode(int length) {
        this.wanted = length;
    }

    void pause() {
        paused = true;
        socket.pause();
    }

    void resume() {
        paused = false;
        socket.resume();
        deliver();
    }

    /** No more records: what is queued is released now, and every later read as it arrives. */
    void close() {
        closed = true;
        while (!received.isEmpty()) {
            received.poll().release();
        }
        available = 0;
    }

    /** A message from the channel pipeline; ours to release. Only byte buffers come from a TCP or TLS channel. */
    @Override
    public void handle(Object message) {
        if (closed || !(message instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        received.add(bytes);
        available += bytes.readableBytes();
        deliver();
    }

    private void deliver() {
        if (delivering) {
            return; // resumed from inside a record's handler: the loop below carries on
        }
        delivering = true;
        try {
            while (!paused && !closed && available >= wanted) {
                records.handle(take(wanted));
            }
        } finally {
            delivering = false;
        }
    }

    private ByteBuf take(int length) {
        available -= length;
        ByteBuf first = received.peek();
        if (first == null || length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (first.readableBytes() >= length) {
            ByteBuf slice = first.readRetainedSlice(length);
            dropIfEmpty(first);
            return slice;
        }
        int missing = length;
        var parts = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        while (missing > 0) {
            ByteBuf head = received.peek();
            int n = Math.min(missing, head.readableBytes());
            parts.addComponent(true, head.readRetainedSlice(n));
            missing -= n;
            dropIfEmpty(head);
        }
        return parts;
    }

    private void dropIfEmpty(ByteBuf head) {
        if (!head.isReadable()) {
            received.poll().release();
        }
    }
}
