package org.varde.dicom.deident;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private element named the only way that survives between devices (PS3.5 7.8.1): its private
 * creator, its odd group and the low byte of its element ("0019,xx10" of creator "ACME CT 1.0"),
 * whatever block the creator was given in a particular file.
 */
public record PrivateElementKey(String creator, int group, int elementOffset) {
    private static final Pattern TAG = Pattern.compile("\\(?([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\\)?");

    public PrivateElementKey {
        Objects.requireNonNull(creator, "creator");
        creator = creator.trim();
        if (creator.isEmpty()) {
            throw new IllegalArgumentException("private creator must not be empty");
        }
        if ((group & 1) == 0 || group < 0x0009 || group > 0xFFFF) {
            throw new IllegalArgumentException(String.format("group %04X is not a private group", group));
        }
        if (elementOffset < 0x00 || elementOffset > 0xFF) {
            throw new IllegalArgumentException("element offset must be 00..FF");
        }
    }

    /** Parses {@code "gggg,xxee"} (parentheses optional) for {@code creator}. */
    public static PrivateElementKey parse(String creator, String tag) {
        Matcher m = TAG.matcher(tag.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a private tag as \"gggg,xxee\" (e.g. \"0019,xx10\"), was \""
                    + tag + "\"");
        }
        return new PrivateElementKey(creator, Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "(%04X,xx%02X) of \"%s\"", group, elementOffset, creator);
    }
}
