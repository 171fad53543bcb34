package org.varde.dicom.data;

/** PS3.5 7.3: binary values are swapped per value between big and little endian; byte streams are not. */
final class ByteOrderSwap {

    private ByteOrderSwap() {
    }

    /** Swaps in place; the same call converts in either direction. A trailing partial value is left alone. */
    static void swap(byte[] value, VR vr) {
        int width = vr.bytesPerValue();
        if (width == 1) {
            return;
        }
        for (int i = 0; i + width <= value.length; i += width) {
            for (int a = i, b = i + width - 1; a < b; a++, b--) {
                byte t = value[a];
                value[a] = value[b];
                value[b] = t;
            }
        }
    }
}
