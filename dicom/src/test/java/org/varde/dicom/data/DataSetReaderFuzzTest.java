package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the data set reader. In a plain test run (regression mode) it replays the
 * inputs under src/test/resources/org/varde/dicom/data/DataSetReaderFuzzTestInputs/&lt;method&gt;/;
 * bench/fuzz.sh runs it in fuzzing mode. Any exception but an IOException is a finding, and so is
 * allocating far more than the input holds.
 */
class DataSetReaderFuzzTest {

    /** Bytes allocated per input byte that a parse may cost (object overhead of tiny elements), plus slack. */
    private static final long ALLOCATION_PER_INPUT_BYTE = 256;
    private static final long ALLOCATION_SLACK = 16L * 1024 * 1024;

    static {
        // load and initialise every class on the reading paths first, so that one-time class
        // initialisation is not charged to the first input
        try {
            for (TransferSyntax ts : Codec.NATIVE) {
                for (boolean undefined : new boolean[] {false, true}) {
                    Attributes ds = EveryVrRoundTripTest.everyVr();
                    byte[] bytes = Codec.encode(ds, ts, undefined);
                    Codec.decode(bytes, ts).toString();
                    Codec.decodeWithoutLimit(Arrays.copyOf(bytes, bytes.length / 2), ts);
                }
            }
        } catch (IOException expected) {
            // the truncated copy
        }
        try {
            Part10.readHeader(new ByteArrayInputStream(new byte[200]));
            new DicomReader(new ByteArrayInputStream(new byte[3]), TransferSyntax.EXPLICIT_LE, 3).readDataSet();
        } catch (IOException expected) {
            // warming up the error path
        }
    }

    /** A whole file: preamble, File Meta Information, then the data set in the syntax it names. */
    @FuzzTest(maxDuration = "60s")
    void readPart10File(byte[] input) {
        long before = allocatedBytes();
        boolean inflating = false;
        try {
            InputStream in = new ByteArrayInputStream(input);
            Part10File header = Part10.readHeader(in);
            inflating = header.transferSyntax().deflated();
            if (header.dataSetOffset() == 0) {
                in = new ByteArrayInputStream(input);
            }
            long remaining = input.length - header.dataSetOffset();
            try (DicomReader reader = new DicomReader(in, header.transferSyntax(), remaining)) {
                reader.readDataSet();
            }
        } catch (IOException expected) {
            // malformed input must end here, as a DicomFormatException or another IOException
        }
        checkAllocation(input.length, before, inflating);
    }

    /**
     * A bare data set; the first byte picks the transfer syntax (bits 0-1), whether the reader knows
     * the input's length (bit 2) or must grow values chunk by chunk, reading up to Pixel Data only
     * (bit 3), and skipping values over 64 bytes (bit 4).
     */
    @FuzzTest(maxDuration = "60s")
    void readDataSet(byte[] input) {
        if (input.length == 0) {
            return;
        }
        TransferSyntax ts = Codec.NATIVE[input[0] & 3];
        boolean limitKnown = (input[0] & 4) != 0;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        long before = allocatedBytes();
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(body), ts, limitKnown ? body.length : -1)) {
            if ((input[0] & 16) != 0) {
                reader.bulkDataLimit(64);
            }
            if ((input[0] & 8) != 0) {
                reader.readDataSetUntil(Tag.PixelData);
            } else {
                reader.readDataSet();
            }
        } catch (IOException expected) {
            // malformed input must end here
        }
        checkAllocation(body.length, before, ts.deflated());
    }

    /** Limits small enough that fuzzed inputs reach every one of them. */
    private static final ReadLimits FUZZ_LIMITS = new ReadLimits(64, 64 * 1024, 20, 4L * 1024 * 1024);
    /**
     * What a bounded parse may allocate whatever it inflates: the kept budget with the objects around
     * it (an element costs a few hundred bytes of objects for its 8 counted header bytes), plus slack.
     */
    private static final long BOUNDED_ALLOCATION = 64L * FUZZ_LIMITS.maxKeptBytes() + ALLOCATION_SLACK;

    /**
     * The header parse as the ingest runs it: {@link ReadLimits} on, up to Pixel Data. The first byte
     * picks the transfer syntax (bits 0-1) and whether the input's length is known (bit 2). Allocation
     * must stay within the budget's bound even for a deflated input: inflation earns no allowance here.
     */
    @FuzzTest(maxDuration = "60s")
    void readBoundedHeader(byte[] input) {
        if (input.length == 0) {
            return;
        }
        TransferSyntax ts = Codec.NATIVE[input[0] & 3];
        boolean limitKnown = (input[0] & 4) != 0;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        long before = allocatedBytes();
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(body), ts, limitKnown ? body.length : -1)
                .limits(FUZZ_LIMITS)) {
            reader.readDataSetUntil(Tag.PixelData);
        } catch (IOException expected) {
            // malformed or over a limit: must end here (DataSetLimitException is an IOException)
        }
        checkBoundedAllocation(body.length, before);
    }

    /**
     * The deflated path under limits. First byte, bit 0 set: the rest is a data set that the harness
     * deflates (so the fuzzer mutates DICOM structure behind the inflater); clear: the rest is fed to
     * the inflater as it is (corrupt and hostile deflate streams).
     */
    @FuzzTest(maxDuration = "60s")
    void readDeflatedBounded(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) != 0) {
            body = deflate(body);
        }
        long before = allocatedBytes();
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(body), TransferSyntax.DEFLATED_EXPLICIT_LE)
                .limits(FUZZ_LIMITS)) {
            reader.readDataSetUntil(Tag.PixelData);
        } catch (IOException expected) {
            // malformed, corrupt deflate, or over a limit
        }
        checkBoundedAllocation(body.length, before);
    }

    private static byte[] deflate(byte[] plain) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(plain.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void checkBoundedAllocation(int inputLength, long before) {
        long allocated = allocatedBytes() - before;
        long allowed = inputLength * ALLOCATION_PER_INPUT_BYTE + BOUNDED_ALLOCATION;
        assertTrue(allocated <= allowed, "bounded parse allocated " + allocated + " bytes for " + inputLength
                + " input bytes");
    }

    private static void checkAllocation(int inputLength, long before, boolean inflating) {
        long allocated = allocatedBytes() - before;
        // inflated data legitimately outgrows its compressed input (up to ~1000:1)
        long factor = inflating ? 1100 * ALLOCATION_PER_INPUT_BYTE : ALLOCATION_PER_INPUT_BYTE;
        long allowed = inputLength * factor + ALLOCATION_SLACK;
        assertTrue(allocated <= allowed, "allocated " + allocated + " bytes for " + inputLength + " input bytes");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
