package org.varde.dicom.web;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartParserTest {
    private static final String BOUNDARY = "b0und";

    /** Collects the parts whole (tests only: the parser never does). */
    private static final class Parts implements MultipartParser.Listener {
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        private ByteArrayOutputStream current;

        @Override
        public void partBegin(Map<String, String> h) {
            headers.add(h);
            current = new ByteArrayOutputStream();
        }

        @Override
        public void partData(Buffer data) {
            current.writeBytes(data.getBytes());
        }

        @Override
        public void partEnd() {
            bodies.add(current.toByteArray());
        }
    }

    private static byte[] body(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.writeBytes(("--" + BOUNDARY + "  \r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void everyPartComesOutWholeWhereverTheChunksAreCut() throws Exception {
        byte[] first = "DICM\r\n--b0unc almost a delimiter\r\n-".getBytes(StandardCharsets.ISO_8859_1);
        byte[] second = new byte[3000];
        for (int i = 0; i < second.length; i++) {
            second[i] = (byte) (i * 31);
        }
        byte[] third = new byte[0];
        byte[] all = body(first, second, third);
        for (int cut = 1; cut < all.length; cut += 7) {
            Parts parts = new Parts();
            MultipartParser parser = new MultipartParser(BOUNDARY, parts);
            for (int i = 0; i < all.length; i += cut) {
                parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + cut))));
            }
            parser.end();
            assertEquals(3, parts.bodies.size(), "cut " + cut);
            assertArrayEquals(first, parts.bodies.get(0), "cut " + cut);
            assertArrayEquals(second, parts.bodies.get(1), "cut " + cut);
            assertArrayEquals(third, parts.bodies.get(2), "cut " + cut);
            assertEquals("application/dicom", parts.headers.get(1).get("content-type"));
        }
    }

    @Test
    void aBodyWithoutItsCloseDelimiterIsTruncated() throws Exception {
        byte[] all = body("abc".getBytes(StandardCharsets.US_ASCII));
        MultipartParser parser = new MultipartParser(BOUNDARY, new Parts());
        parser.feed(Buffer.buffer(java.util.Arrays.copyOf(all, all.length - 12)));
        MultipartException e = assertThrows(MultipartException.class, parser::end);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aBodyWithNoDelimiterAtAllIsRefused() throws Exception {
        MultipartParser parser = new MultipartParser(BOUNDARY, new Parts());
        parser.feed(Buffer.buffer("just some bytes"));
        assertThrows(MultipartException.class, parser::end);
    }

    @Test
    void headersBeyondTheLimitAreRefusedBeforeTheyAreHeld() throws Exception {
        MultipartParser parser = new MultipartParser(BOUNDARY, new Parts());
        parser.feed(Buffer.buffer("--" + BOUNDARY + "\r\nX: "));
        MultipartException e = assertThrows(MultipartException.class, () -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(Buffer.buffer("a".repeat(1024)));
            }
        });
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void theBoundaryAndTypeAreReadFromTheContentType() {
        String type = "Multipart/Related; type=\"application/dicom\"; boundary=\"abc def\"";
        assertEquals("abc def", MultipartParser.boundary(type));
        assertEquals("application/dicom", MultipartParser.parameter(type, "type"));
        assertEquals("multipart/related", MultipartParser.mediaType(type));
    }
}
