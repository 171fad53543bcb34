package org.varde.testdata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Seeded random 16-bit pixels, little endian as Explicit VR Little Endian stores OW (PS3.5 7.3).
 * One random long gives four pixels, so a 512x512 slice costs 65,536 draws: writing hundreds of
 * slices is bound by the disk, not by this.
 */
final class PixelNoise {

    private PixelNoise() {
    }

    /** A new Pixel Data value for {@code format}, every pixel below 2^bitsStored. */
    static byte[] generate(PixelFormat format, SplittableRandom random) {
        byte[] pixels = new byte[format.pixelDataLength()];
        // PS3.5 8.1.1: bits above High Bit are not part of the pixel value; keep them zero
        long mask = replicate((1L << format.bitsStored()) - 1);
        ByteBuffer buffer = ByteBuffer.wrap(pixels).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(random.nextLong() & mask);
        }
        while (buffer.hasRemaining()) {
            buffer.putShort((short) (random.nextInt() & (int) (mask & 0xFFFF)));
        }
        return pixels;
    }

    private static long replicate(long pixelMask) {
        return pixelMask | pixelMask << 16 | pixelMask << 32 | pixelMask << 48;
    }
}
