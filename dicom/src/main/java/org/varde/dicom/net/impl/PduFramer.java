package org.varde.dicom.net.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;

/**
 * Cuts the socket's byte stream into records of the size the upper layer asks for next (a PDU
 * header, then its body; PS3.8 9.3.1), without copying: a record inside one read is a slice of it,
 * a record spanning reads is a composite of slices. Vert.x's {@code RecordParser} copied every
 * record out of an accumulating buffer (about three copies per byte, and a 1 MiB PDU was one
 * humongous array for the garbage collector), which cost more than the disk at 512 KiB per
 * instance. The reads Vert.x hands us are its own unpooled copies, so holding slices is safe.
 * <p>
 * Pausing stops both the records and the socket, so a slow sink slows the sender (back-pressure);
 * what is buffered here is at most one read beyond the record being waited for.
 */
final class PduFramer implements Handler<Buffer> {
    private final NetSocket socket;
    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private Handler<Buffer> records;
    private long available;
    private int wanted;
    private boolean paused;
    private boolean delivering;

    PduFramer(NetSocket socket, int firstRecordLength) {
        this.socket = socket;
        this.wanted = firstRecordLength;
    }

    void handler(Handler<Buffer> records) {
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

    @Override
    public void handle(Buffer read) {
        ByteBuf bytes = ((BufferInternal) read).getByteBuf();
        if (bytes.isReadable()) {
            received.add(bytes);
            available += bytes.readableBytes();
        }
        deliver();
    }

    private void deliver() {
        if (delivering) {
            return; // resumed from inside a record's handler: the loop below carries on
        }
        delivering = true;
        try {
            while (!paused && available >= wanted) {
                Buffer record = BufferInternal.buffer(take(wanted));
                records.handle(record);
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
            ByteBuf slice = first.readSlice(length);
            dropIfEmpty(first);
            return slice;
        }
        int missing = length;
        var parts = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        while (missing > 0) {
            ByteBuf head = received.peek();
            int n = Math.min(missing, head.readableBytes());
            parts.addComponent(true, head.readSlice(n));
            missing -= n;
            dropIfEmpty(head);
        }
        return parts;
    }

    private void dropIfEmpty(ByteBuf head) {
        if (!head.isReadable()) {
            received.poll();
        }
    }
}
