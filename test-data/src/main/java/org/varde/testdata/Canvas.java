package org.varde.testdata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The values of one image while it is drawn (Hounsfield units for CT, detector values for a
 * radiograph), painted shape over shape, then noised and encoded as the Pixel Data of a 16-bit
 * MONOCHROME2 image. One image at a time: a study of any size is drawn in bounded memory.
 */
final class Canvas {

    /** Four 16-bit uniforms summed (Irwin-Hall): mean and standard deviation of the sum. */
    private static final double SUM_MEAN = 4 * 65535 / 2.0;
    private static final double SUM_SD = 65536 * Math.sqrt(4 / 12.0);

    private final ImagePlane plane;
    private final float[] values;

    Canvas(ImagePlane plane, double background) {
        this.plane = plane;
        this.values = new float[Math.multiplyExact(plane.rows(), plane.columns())];
        java.util.Arrays.fill(values, (float) background);
    }

    ImagePlane plane() {
        return plane;
    }

    /** Paints {@code region} with {@code value}, pixel centres inside it only. */
    void fill(Region region, double value) {
        for (int row = 0; row < plane.rows(); row++) {
            double[] span = region.span(plane.v(row));
            if (span == null) {
                continue;
            }
            int from = Math.max(0, (int) Math.ceil(plane.column(span[0])));
            int to = Math.min(plane.columns() - 1, (int) Math.floor(plane.column(span[1])));
            int offset = row * plane.columns();
            for (int column = from; column <= to; column++) {
                values[offset + column] = (float) value;
            }
        }
    }

    double get(int column, int row) {
        return values[row * plane.columns() + column];
    }

    /** Mixes {@code value} into a pixel by the {@code fraction} (0 to 1) of its volume it fills. */
    void blend(int column, int row, double fraction, double value) {
        int i = row * plane.columns() + column;
        values[i] = (float) (values[i] * (1 - fraction) + value * fraction);
    }

    /** Adds {@code amount} to a pixel. */
    void add(int column, int row, double amount) {
        values[row * plane.columns() + column] += (float) amount;
    }

    /**
     * PS3.5 7.3 little-endian 16-bit stored values: value + {@code offset} plus Gaussian-like noise
     * of {@code sigma} (one random long per pixel), clamped to 0..{@code max}.
     */
    byte[] encode(SplittableRandom noise, double sigma, double offset, int max) {
        byte[] pixels = new byte[values.length * 2];
        ByteBuffer buffer = ByteBuffer.wrap(pixels).order(ByteOrder.LITTLE_ENDIAN);
        double scale = sigma / SUM_SD;
        for (float value : values) {
            long bits = noise.nextLong();
            long sum = (bits & 0xFFFF) + (bits >>> 16 & 0xFFFF) + (bits >>> 32 & 0xFFFF) + (bits >>> 48);
            long stored = Math.round(value + offset + (sum - SUM_MEAN) * scale);
            buffer.putShort((short) Math.max(0, Math.min(max, stored)));
        }
        return pixels;
    }
}
