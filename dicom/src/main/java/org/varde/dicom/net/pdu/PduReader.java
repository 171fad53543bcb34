package org.varde.dicom.net.pdu;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** A bounds-checked cursor over one PDU body: every read is checked against what remains first. */
final class PduReader {
    private final Buffer buffer;
    private int position;
    private final int end;

    PduReader(Buffer buffer, int start, int end) {
        this.buffer = buffer;
        this.position = start;
        this.end = end;
    }

    int remaining() {
        return end - position;
    }

    int position() {
        return position;
    }

    private void require(int n, String what) {
        if (n < 0 || n > remaining()) {
            throw AAbortException.invalidParameter(what + ": " + n + " bytes needed, " + remaining() + " left");
        }
    }

    int u8(String what) {
        require(1, what);
        return buffer.getUnsignedByte(position++);
    }

    int u16(String what) {
        require(2, what);
        int v = buffer.getUnsignedShort(position);
        position += 2;
        return v;
    }

    long u32(String what) {
        require(4, what);
        long v = buffer.getUnsignedInt(position);
        position += 4;
        return v;
    }

    void skip(int n, String what) {
        require(n, what);
        position += n;
    }

    byte[] bytes(int n, String what) {
        require(n, what);
        byte[] b = buffer.getBytes(position, position + n);
        position += n;
        return b;
    }

    Buffer slice(int n, String what) {
        require(n, what);
        Buffer b = buffer.slice(position, position + n);
        position += n;
        return b;
    }

    /** A UID or AE title: ASCII, trailing NUL or space padding removed (PS3.8 9.3.2, PS3.5 9.1). */
    String text(int n, String what) {
        require(n, what);
        int stop = position + n;
        int last = stop;
        while (last > position && (buffer.getByte(last - 1) == 0 || buffer.getByte(last - 1) == ' ')) {
            last--;
        }
        int first = position;
        while (first < last && buffer.getByte(first) == ' ') {
            first++;
        }
        String s = buffer.getString(first, last, StandardCharsets.US_ASCII.name());
        position = stop;
        return s;
    }

    /** A sub-reader over the next n bytes; this reader moves past them. */
    PduReader item(int n, String what) {
        require(n, what);
        PduReader r = new PduReader(buffer, position, position + n);
        position += n;
        return r;
    }
}
