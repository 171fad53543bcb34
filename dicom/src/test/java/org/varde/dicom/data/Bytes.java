package org.varde.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made element encodings (little endian unless told), for input the writer would never produce. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    /** Numbers written from now on (tags, lengths) in big-endian byte order, as Explicit VR Big Endian has them. */
    Bytes bigEndian(boolean on) {
        bigEndian = on;
        return this;
    }

    Bytes tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    Bytes u16(int v) {
        out.write(bigEndian ? v >>> 8 : v);
        out.write(bigEndian ? v : v >>> 8);
        return this;
    }

    Bytes u32(long v) {
        return bigEndian ? u16((int) (v >>> 16)).u16((int) (v & 0xFFFF)) : u16((int) (v & 0xFFFF)).u16((int) (v >>> 16));
    }

    Bytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    Bytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Explicit VR LE element with a 16-bit length. */
    Bytes shortElement(int tag, String vr, String value) {
        return tag(tag).ascii(vr).u16(value.length()).ascii(value);
    }

    /** Explicit VR LE header of a VR with reserved bytes and a 32-bit length. */
    Bytes longHeader(int tag, String vr, long length) {
        return tag(tag).ascii(vr).u16(0).u32(length);
    }

    /** Implicit VR LE header, also the shape of item and delimitation headers. */
    Bytes implicitHeader(int tag, long length) {
        return tag(tag).u32(length);
    }

    byte[] toArray() {
        return out.toByteArray();
    }
}
