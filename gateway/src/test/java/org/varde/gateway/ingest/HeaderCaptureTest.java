package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The header kept by reference reads back as the bytes received, then the file's, and holds no buffer after release. */
class HeaderCaptureTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheKeptSlicesThenTheFileAndSkipsAcrossBoth() throws IOException {
        byte[] dataSet = new byte[10_000];
        new Random(7).nextBytes(dataSet);
        byte[] preamble = new byte[300]; // stands for the File Meta Information before the data set
        Path file = tmp.resolve("instance");
        Files.write(file, concat(preamble, dataSet));

        HeaderCapture capture = new HeaderCapture(4_000);
        List<ByteBuf> fragments = fragments(dataSet, 1_500, 1_200, 3_000, 4_300);
        fragments.forEach(capture::capture);
        fragments.forEach(ByteBuf::release); // the chunk's own reference goes; the capture keeps its slices
        assertEquals(dataSet.length, capture.totalBytes());

        try (InputStream in = capture.open(file, preamble.length)) {
            assertArrayEquals(Arrays.copyOfRange(dataSet, 0, 1_000), in.readNBytes(1_000));
            assertEquals(2_000, in.skip(2_000)); // inside the kept slices, across the first boundary
            assertArrayEquals(Arrays.copyOfRange(dataSet, 3_000, 3_500), in.readNBytes(500));
            assertEquals(500, in.skip(2_000)); // the rest of the kept bytes
            assertEquals(dataSet[4_000] & 0xff, in.read()); // first byte read back from the file
            assertEquals(3_000, in.skip(3_000)); // a seek in the file
            assertArrayEquals(Arrays.copyOfRange(dataSet, 7_001, dataSet.length), in.readAllBytes());
        }
        capture.release();
        fragments.forEach(f -> assertEquals(0, f.refCnt(), "a kept slice was not released"));
    }

    @Test
    void aShortDataSetIsReadFromMemoryAlone() throws IOException {
        byte[] dataSet = new byte[2_500];
        new Random(3).nextBytes(dataSet);
        HeaderCapture capture = new HeaderCapture(HeaderCapture.DEFAULT_LIMIT);
        List<ByteBuf> fragments = fragments(dataSet, 1_000, 1_500);
        fragments.forEach(capture::capture);
        // no file: everything is in the capture, so open never touches the (missing) path
        try (InputStream in = capture.open(tmp.resolve("missing"), 0)) {
            assertArrayEquals(dataSet, in.readAllBytes());
            assertEquals(-1, in.read());
        }
        capture.release();
        capture.release(); // idempotent: the store's parse and its discard may both end it
        fragments.forEach(f -> assertEquals(1, f.refCnt(), "the capture released a reference it did not take"));
        fragments.forEach(ByteBuf::release);
    }

    @Test
    void aSenderOfTinyFragmentsCostsABoundedNumberOfPieces() throws IOException {
        byte[] dataSet = new byte[30_000];
        new Random(11).nextBytes(dataSet);
        int[] lengths = new int[dataSet.length / 10];
        java.util.Arrays.fill(lengths, 10); // PS3.8 lets a sender cut a data set into PDVs this small
        List<ByteBuf> fragments = fragments(dataSet, lengths);
        HeaderCapture capture = new HeaderCapture(20_000);
        fragments.forEach(capture::capture);
        fragments.forEach(ByteBuf::release);
        assertEquals(HeaderCapture.MAX_PIECES, capture.pieces(), "pieces kept for 3,000 fragments");
        Path file = tmp.resolve("tiny");
        Files.write(file, dataSet);
        try (InputStream in = capture.open(file, 0)) {
            assertArrayEquals(dataSet, in.readAllBytes());
        }
        capture.release();
        fragments.forEach(f -> assertEquals(0, f.refCnt(), "a kept slice was not released"));
    }

    private static List<ByteBuf> fragments(byte[] bytes, int... lengths) {
        List<ByteBuf> out = new ArrayList<>();
        int at = 0;
        for (int length : lengths) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length + 16);
            buf.writeZero(16).readerIndex(16); // a fragment starts inside its PDU's buffer
            buf.writeBytes(bytes, at, length);
            out.add(buf);
            at += length;
        }
        assertEquals(bytes.length, at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
