package org.varde.dicom.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;

/**
 * Watches an inflating stream (PS3.5 A.5, Deflated Explicit VR Little Endian) and stops it once it
 * inflates too far or too steeply: a few MiB on the wire can otherwise become gigabytes of work
 * (a deflate bomb). Checked after every read, from the inflater's own counters, so the cost is two
 * long comparisons and nothing is buffered here.
 */
final class InflationGuard extends FilterInputStream {
    private final Inflater inflater;
    private ReadLimits limits;
    private byte[] scratch;

    InflationGuard(InputStream inflating, Inflater inflater, ReadLimits limits) {
        super(inflating);
        this.inflater = inflater;
        this.limits = limits;
    }

    void limits(ReadLimits newLimits) {
        this.limits = newLimits;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        check();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        check();
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // InflaterInputStream.skip inflates in 512-byte steps; read in larger ones, checked each time,
        // into one buffer for the whole stream (a header may skip thousands of values)
        if (scratch == null) {
            scratch = new byte[8192];
        }
        long left = n;
        while (left > 0) {
            int r = read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    private void check() throws DataSetLimitException {
        long inflated = inflater.getBytesWritten();
        long compressed = Math.max(1, inflater.getBytesRead());
        if (inflated > limits.maxInflatedBytes()) {
            throw new DataSetLimitException(DataSetLimitException.Limit.MAX_INFLATED_BYTES,
                    "deflated data set inflates to more than " + limits.maxInflatedBytes()
                    + " bytes (the limit on inflated size)", inflated);
        }
        if (inflated > ReadLimits.RATIO_GRACE_BYTES && inflated / compressed > limits.maxInflationRatio()) {
            throw new DataSetLimitException(DataSetLimitException.Limit.MAX_INFLATION_RATIO,
                    "deflated data set inflates " + (inflated / compressed)
                    + " times (" + compressed + " bytes to " + inflated + "), more than the limit of "
                    + limits.maxInflationRatio() + " (a deflate bomb?)", inflated);
        }
    }
}
