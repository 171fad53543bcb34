package org.varde.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes and encodes text with the character sets named by Specific Character Set (0008,0005),
 * PS3.3 C.12.1.1.2. Single-byte and UTF-8/GB18030 sets map to Java charsets; with ISO 2022 code
 * extensions (PS3.5 6.1.2.5) escape sequences switch the charset mid-value.
 */
final class SpecificCharacterSet {

    static final SpecificCharacterSet ASCII = new SpecificCharacterSet(StandardCharsets.US_ASCII, false);

    private static final byte ESC = 0x1B;

    // PS3.3 Table C.12-2 to C.12-5: defined term (without the ISO 2022 prefix) to Java charset name
    private static final Map<String, String> CHARSETS = Map.ofEntries(
            Map.entry("IR 6", "US-ASCII"), Map.entry("IR 100", "ISO-8859-1"), Map.entry("IR 101", "ISO-8859-2"),
            Map.entry("IR 109", "ISO-8859-3"), Map.entry("IR 110", "ISO-8859-4"), Map.entry("IR 144", "ISO-8859-5"),
            Map.entry("IR 127", "ISO-8859-6"), Map.entry("IR 126", "ISO-8859-7"), Map.entry("IR 138", "ISO-8859-8"),
            Map.entry("IR 148", "ISO-8859-9"), Map.entry("IR 203", "ISO-8859-15"), Map.entry("IR 166", "x-IBM874"),
            Map.entry("IR 13", "Shift_JIS"), Map.entry("IR 192", "UTF-8"), Map.entry("GB18030", "GB18030"),
            Map.entry("GBK", "GBK"), Map.entry("IR 87", "ISO-2022-JP"), Map.entry("IR 159", "ISO-2022-JP"),
            Map.entry("IR 149", "EUC-KR"), Map.entry("IR 58", "GB2312"));

    private final Charset charset;
    private final boolean codeExtensions;

    private SpecificCharacterSet(Charset charset, boolean codeExtensions) {
        this.charset = charset;
        this.codeExtensions = codeExtensions;
    }

    /** From the values of (0008,0005); the first value sets the charset active at the start of a value. */
    static SpecificCharacterSet of(String[] terms) {
        if (terms == null || terms.length == 0) {
            return ASCII;
        }
        boolean extensions = false;
        for (String term : terms) {
            extensions |= term.startsWith("ISO 2022");
        }
        return new SpecificCharacterSet(charsetOf(terms[0]), extensions);
    }

    private static Charset charsetOf(String term) {
        String key = term.replace("ISO 2022 ", "").replace("ISO_IR ", "IR ").trim();
        String name = CHARSETS.get(key);
        if (name == null || !Charset.isSupported(name)) {
            // PS3.5 6.1.2.2: unknown or absent means the default repertoire; Latin-1 shows more of
            // what was sent than ASCII and can never fail
            return key.isEmpty() ? StandardCharsets.US_ASCII : StandardCharsets.ISO_8859_1;
        }
        return Charset.forName(name);
    }

    String decode(byte[] bytes, boolean personName) {
        if (!codeExtensions || indexOf(bytes, ESC, 0) < 0) {
            return new String(bytes, charset == StandardCharsets.US_ASCII ? StandardCharsets.ISO_8859_1 : charset);
        }
        return decodeWithEscapes(bytes, personName);
    }

    byte[] encode(String text) {
        return text.getBytes(charset);
    }

    /**
     * PS3.5 6.1.2.5.3: an escape sequence designates a new charset until the next one; the initial
     * charset is active again after each value delimiter and, in PN, component group delimiter.
     */
    private String decodeWithEscapes(byte[] bytes, boolean personName) {
        StringBuilder out = new StringBuilder();
        Charset active = charset;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int i = 0;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == ESC) {
                flush(out, run, active);
                int end = escapeEnd(bytes, i);
                Charset designated = escapeCharset(bytes, i, end);
                if (designated.name().equals("ISO-2022-JP")) {
                    // JIS X 0208 needs its escape in the stream for the Java decoder
                    run.write(bytes, i, end - i);
                }
                active = designated;
                i = end;
                continue;
            }
            boolean delimiter = b == '\\' || b == '\r' || b == '\n' || b == '\t' || b == '\f'
                    || (personName && (b == '^' || b == '='));
            // inside a multi-byte set a delimiter byte can be half of a character (PS3.5 6.1.2.5.3)
            if (delimiter && active != charset && !isMultiByte(active)) {
                flush(out, run, active);
                active = charset;
            }
            run.write(b);
            i++;
        }
        flush(out, run, active);
        return out.toString();
    }

    private static boolean isMultiByte(Charset charset) {
        return charset.newEncoder().maxBytesPerChar() > 1.0f;
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, Charset charset) {
        if (run.size() > 0) {
            out.append(new String(run.toByteArray(), charset));
            run.reset();
        }
    }

    /** An ISO 2022 escape sequence is ESC, intermediate bytes 0x20-0x2F, then one final byte. */
    private static int escapeEnd(byte[] bytes, int start) {
        int i = start + 1;
        while (i < bytes.length && bytes[i] >= 0x20 && bytes[i] <= 0x2F) {
            i++;
        }
        return Math.min(i + 1, bytes.length);
    }

    // PS3.3 Table C.12-3 and C.12-4: escape sequences of the code extension sets
    private static final Map<String, String> ESCAPES = Map.ofEntries(
            Map.entry("(B", "IR 6"), Map.entry("-A", "IR 100"), Map.entry("-B", "IR 101"), Map.entry("-C", "IR 109"),
            Map.entry("-D", "IR 110"), Map.entry("-L", "IR 144"), Map.entry("-G", "IR 127"), Map.entry("-F", "IR 126"),
            Map.entry("-H", "IR 138"), Map.entry("-M", "IR 148"), Map.entry("-b", "IR 203"), Map.entry("-T", "IR 166"),
            Map.entry(")I", "IR 13"), Map.entry("(J", "IR 6"), Map.entry("$B", "IR 87"), Map.entry("$(D", "IR 159"),
            Map.entry("$)C", "IR 149"), Map.entry("$)A", "IR 58"));

    private Charset escapeCharset(byte[] bytes, int start, int end) {
        String key = new String(bytes, start + 1, Math.max(0, end - start - 1), StandardCharsets.ISO_8859_1);
        String term = ESCAPES.get(key);
        return term == null ? charset : charsetOf(term);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
