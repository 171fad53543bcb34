package org.varde.dicom.data;

/** The two properties of a transfer syntax that shape every element header: VR explicit, byte order. */
final class Encoding {

    static final Encoding IMPLICIT_LE = new Encoding(false, false);
    static final Encoding EXPLICIT_LE = new Encoding(true, false);
    static final Encoding EXPLICIT_BE = new Encoding(true, true);

    final boolean explicitVR;
    final boolean bigEndian;

    private Encoding(boolean explicitVR, boolean bigEndian) {
        this.explicitVR = explicitVR;
        this.bigEndian = bigEndian;
    }

    static Encoding of(TransferSyntax ts) {
        if (!ts.explicitVR()) {
            return IMPLICIT_LE;
        }
        return ts.bigEndian() ? EXPLICIT_BE : EXPLICIT_LE;
    }

    int unsigned16(byte[] b, int off) {
        return bigEndian
                ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF)
                : ((b[off + 1] & 0xFF) << 8) | (b[off] & 0xFF);
    }

    long unsigned32(byte[] b, int off) {
        return bigEndian
                ? ((long) unsigned16(b, off) << 16) | unsigned16(b, off + 2)
                : ((long) unsigned16(b, off + 2) << 16) | unsigned16(b, off);
    }

    void put16(byte[] b, int off, int v) {
        if (bigEndian) {
            b[off] = (byte) (v >>> 8);
            b[off + 1] = (byte) v;
        } else {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >>> 8);
        }
    }

    void put32(byte[] b, int off, long v) {
        if (bigEndian) {
            put16(b, off, (int) (v >>> 16));
            put16(b, off + 2, (int) v);
        } else {
            put16(b, off, (int) v);
            put16(b, off + 2, (int) (v >>> 16));
        }
    }
}
