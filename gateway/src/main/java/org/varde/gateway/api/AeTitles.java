package org.varde.gateway.api;

/** An AE Title as a subscriber names itself in a path (PS3.5 6.2, VR AE). */
final class AeTitles {
    private static final int MAX_CHARS = 16;

    private AeTitles() {
    }

    /**
     * The AE Title without its insignificant leading and trailing spaces, or null when it is not one:
     * empty, longer than 16 characters, or holding a backslash or a character outside printable ASCII.
     */
    static String valid(String raw) {
        if (raw == null) {
            return null;
        }
        String ae = raw.strip();
        if (ae.isEmpty() || ae.length() > MAX_CHARS) {
            return null;
        }
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return null;
            }
        }
        return ae;
    }
}
