package org.varde.dicom.web;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of a {@code multipart/related} body (RFC 2387 over RFC 2046 5.1), as STOW-RS
 * sends DICOM instances (PS3.18 8.6.1.2): fed the body as it arrives, it hands each part's headers
 * and then its bytes to a {@link Listener}, never holding more than one header block and a
 * delimiter's length of a part. Whoever listens bounds what a part may cost; this bounds a header
 * block ({@value #MAX_HEADER_BYTES} bytes) and the padding after a delimiter.
 *
 * <p>Not thread-safe: feed it from one context.
 */
public final class MultipartParser {
    /** A part's headers are a Content-Type and perhaps a Content-Location: a few hundred bytes. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** RFC 2046 5.1.1: linear white space may follow a delimiter before its CRLF; a little, not a stream. */
    private static final int MAX_PADDING_BYTES = 256;
    /** Longer than RFC 2046's 70: see the constructor. */
    public static final int MAX_BOUNDARY = 200;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** What the body holds, in order. */
    public interface Listener {
        /** A part begins; header names are lower case. */
        void partBegin(Map<String, String> headers) throws MultipartException;

        /** Some of the current part's bytes. */
        void partData(Buffer data) throws MultipartException;

        void partEnd() throws MultipartException;
    }

    private enum State { PREAMBLE, AFTER_DELIMITER, PADDING, HEADERS, BODY, DONE }

    private final byte[] delimiter;
    private final Listener listener;
    private byte[] pending = new byte[0];
    private State state = State.PREAMBLE;
    private int padding;
    private int parts;

    /** @param boundary the {@code boundary} parameter of the request's Content-Type */
    public MultipartParser(String boundary, Listener listener) throws MultipartException {
        // RFC 2046 5.1.1 says 1 to 70 characters, but real clients send longer ones (Orthanc's DICOMweb
        // client among them): accept up to MAX_BOUNDARY, which still bounds the delimiter search
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MultipartException("the Content-Type needs a boundary of 1 to " + MAX_BOUNDARY + " characters");
        }
        // the first delimiter may be at the very start of the body, without the CRLF before it
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.pending = CRLF.clone();
        this.listener = listener;
    }

    /** The boundary parameter of a Content-Type such as {@code multipart/related; type="application/dicom"; boundary=x}. */
    public static String boundary(String contentType) {
        return parameter(contentType, "boundary");
    }

    /** A parameter of a media type (RFC 9110 5.6.6), quoted or not; null when absent. */
    public static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        String[] pieces = contentType.split(";");
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i].strip();
            int eq = piece.indexOf('=');
            if (eq > 0 && piece.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = piece.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    /** The media type without its parameters, lower case. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    public int parts() {
        return parts;
    }

    public void feed(Buffer chunk) throws MultipartException {
        if (state == State.DONE) {
            return; // the epilogue: ignored (RFC 2046 5.1.1)
        }
        pending = concat(pending, chunk.getBytes());
        boolean progress = true;
        while (progress && state != State.DONE) {
            progress = step();
        }
    }

    /** The body ended: it must have ended with the close delimiter. */
    public void end() throws MultipartException {
        if (state != State.DONE) {
            throw new MultipartException(parts == 0 && state == State.PREAMBLE
                    ? "the body holds no part delimited by its boundary"
                    : "the body ends inside part " + Math.max(parts, 1) + " (no close delimiter): truncated");
        }
    }

    private boolean step() throws MultipartException {
        return switch (state) {
            case PREAMBLE -> preamble();
            case AFTER_DELIMITER -> afterDelimiter();
            case PADDING -> padding();
            case HEADERS -> headers();
            case BODY -> body();
            case DONE -> false;
        };
    }

    private boolean preamble() {
        int at = indexOf(pending, delimiter, 0);
        if (at < 0) {
            keepTail(delimiter.length - 1);
            return false;
        }
        drop(at + delimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
    }

    private boolean afterDelimiter() {
        if (pending.length < 2) {
            return false;
        }
        if (pending[0] == '-' && pending[1] == '-') {
            state = State.DONE;
            pending = new byte[0];
            return false;
        }
        state = State.PADDING;
        padding = 0;
        return true;
    }

    private boolean padding() throws MultipartException {
        int at = indexOf(pending, CRLF, 0);
        if (at < 0) {
            padding += pending.length;
            if (padding > MAX_PADDING_BYTES) {
                throw new MultipartException("a delimiter is followed by more than " + MAX_PADDING_BYTES
                        + " bytes before its line ends");
            }
            keepTail(1);
            return false;
        }
        for (int i = 0; i < at; i++) {
            if (pending[i] != ' ' && pending[i] != '\t') {
                throw new MultipartException("a delimiter line holds more than the boundary");
            }
        }
        drop(at + CRLF.length);
        state = State.HEADERS;
        return true;
    }

    private boolean headers() throws MultipartException {
        // no header at all: the blank line follows at once
        int end = pending.length >= 2 && pending[0] == '\r' && pending[1] == '\n' ? -2 : indexOf(pending, HEADER_END, 0);
        if (end == -1) {
            if (pending.length > MAX_HEADER_BYTES) {
                throw new MultipartException("the headers of part " + (parts + 1) + " are longer than "
                        + MAX_HEADER_BYTES + " bytes");
            }
            return false;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int blockEnd = end == -2 ? 0 : end;
        if (blockEnd > MAX_HEADER_BYTES) {
            throw new MultipartException("the headers of part " + (parts + 1) + " are longer than " + MAX_HEADER_BYTES + " bytes");
        }
        String block = new String(pending, 0, blockEnd, StandardCharsets.ISO_8859_1);
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("part " + (parts + 1) + " has a header line without a name");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        drop(end == -2 ? 2 : end + HEADER_END.length);
        parts++;
        state = State.BODY;
        listener.partBegin(headers);
        return true;
    }

    private boolean body() throws MultipartException {
        int at = indexOf(pending, delimiter, 0);
        if (at < 0) {
            int keep = delimiter.length - 1;
            if (pending.length > keep) {
                int give = pending.length - keep;
                listener.partData(Buffer.buffer(java.util.Arrays.copyOfRange(pending, 0, give)));
                drop(give);
            }
            return false;
        }
        if (at > 0) {
            listener.partData(Buffer.buffer(java.util.Arrays.copyOfRange(pending, 0, at)));
        }
        drop(at + delimiter.length);
        listener.partEnd();
        state = State.AFTER_DELIMITER;
        return true;
    }

    private void keepTail(int keep) {
        if (pending.length > keep) {
            drop(pending.length - keep);
        }
    }

    private void drop(int n) {
        pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
