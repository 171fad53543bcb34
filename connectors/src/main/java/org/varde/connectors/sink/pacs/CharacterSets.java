package org.varde.connectors.sink.pacs;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Chooses the Specific Character Set (0008,0005) for the texts a written object holds (PS3.3
 * C.12.1.1.2): none when they are all ASCII (the default repertoire), ISO_IR 100 (Latin-1) when that
 * holds them all, as more old PACS read it, and ISO_IR 192 (UTF-8) otherwise.
 */
final class CharacterSets {
    static final String LATIN_1 = "ISO_IR 100";
    static final String UTF_8 = "ISO_IR 192";

    private CharacterSets() {
    }

    /** The defined term, or null for the default repertoire. */
    static String choose(Collection<String> texts) {
        boolean ascii = true;
        boolean latin1 = true;
        for (String text : texts) {
            ascii &= StandardCharsets.US_ASCII.newEncoder().canEncode(text) && !hasControl(text);
            latin1 &= StandardCharsets.ISO_8859_1.newEncoder().canEncode(text);
        }
        if (ascii) {
            return null;
        }
        return latin1 ? LATIN_1 : UTF_8;
    }

    // ESC (0x1B) would start an ISO 2022 escape sequence in any single-byte set
    private static boolean hasControl(String text) {
        return text.indexOf('\u001b') >= 0;
    }
}
