package org.varde.testdata;

/**
 * Image Pixel module values (PS3.3 C.7.6.3) of a 16-bit MONOCHROME2 image with unsigned pixels.
 *
 * @param rows      rows
 * @param columns   columns
 * @param bitsStored bits used of the 16 allocated; High Bit is one less (PS3.5 8.1.1)
 */
record PixelFormat(int rows, int columns, int bitsStored) {

    static final int BITS_ALLOCATED = 16;

    PixelFormat {
        if (bitsStored < 1 || bitsStored > BITS_ALLOCATED) {
            throw new IllegalArgumentException("bits stored must be 1 to 16, was " + bitsStored);
        }
    }

    static PixelFormat square(int matrix, int bitsStored) {
        return new PixelFormat(matrix, matrix, bitsStored);
    }

    int highBit() {
        return bitsStored - 1;
    }

    /** Bytes of the Pixel Data value: always even, as PS3.5 7.1 requires, since pixels are 2 bytes. */
    int pixelDataLength() {
        return Math.multiplyExact(Math.multiplyExact(rows, columns), BITS_ALLOCATED / 8);
    }
}
