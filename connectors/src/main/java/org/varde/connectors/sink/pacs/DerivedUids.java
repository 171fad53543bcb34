package org.varde.connectors.sink.pacs;

import org.varde.dicom.data.UID;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * UIDs that are a function of what they name, so that writing the same result twice gives the same
 * SOP Instance UID (PACS replaces instead of duplicating).
 *
 * <p>Under the default root {@code 2.25} a UID is PS3.5 B.2's form: "2.25." followed by the decimal
 * value of a UUID. The UUID is a name-based one (RFC 4122 4.3, version 5: SHA-1 of a namespace and the
 * name), the name being the parts joined with a separator that cannot occur in them. Under an
 * organisation's own root (PS3.5 9.1, for sites that want their UIDs under their registered OID) the
 * same 128 bits are written in decimal after the root, shortened to keep the UID within 64 characters.
 */
public final class DerivedUids {

    /** PS3.5 B.2: the root for UUID-derived UIDs. */
    public static final String UUID_ROOT = "2.25";

    // a fixed, random namespace for Varde's name-based UUIDs (RFC 4122 4.3 step 1)
    private static final byte[] NAMESPACE = {(byte) 0x5f, (byte) 0x3a, (byte) 0x8e, (byte) 0x21, (byte) 0x0c,
            (byte) 0x47, (byte) 0x4d, (byte) 0x19, (byte) 0x9b, (byte) 0x2e, (byte) 0x71, (byte) 0xd4,
            (byte) 0x3c, (byte) 0x60, (byte) 0xa8, (byte) 0x95};
    private static final int MAX_UID_LENGTH = 64;
    // room for at least 20 decimal digits (66 bits) after a site root
    private static final int MIN_DIGITS = 20;

    private final String root;

    /** @param root {@value #UUID_ROOT}, or an organisation root of at most 43 characters */
    public DerivedUids(String root) {
        Objects.requireNonNull(root, "root");
        if (!UID.isSafe(root) || root.length() > MAX_UID_LENGTH - 1 - MIN_DIGITS) {
            throw new IllegalArgumentException("UID root must be a valid UID of at most "
                    + (MAX_UID_LENGTH - 1 - MIN_DIGITS) + " characters (PS3.5 9.1), was \"" + root + "\"");
        }
        this.root = root;
    }

    public String root() {
        return root;
    }

    /** The UID for these parts; the same parts give the same UID, different parts a different one. */
    public String derive(String... parts) {
        BigInteger value = new BigInteger(1, nameBasedUuid(parts));
        String digits = value.toString();
        int room = MAX_UID_LENGTH - root.length() - 1;
        if (digits.length() > room) {
            // a shorter decimal of the same bits; BigInteger never gives a leading zero (PS3.5 9.1)
            digits = value.mod(BigInteger.TEN.pow(room)).toString();
        }
        return root + "." + digits;
    }

    /** RFC 4122 4.3 with SHA-1 (version 5): hash, then set the version and the variant bits. */
    private static byte[] nameBasedUuid(String... parts) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(NAMESPACE);
        for (String part : parts) {
            Objects.requireNonNull(part, "part");
            // the length before each part makes ("ab","c") and ("a","bc") different names
            sha1.update(Integer.toString(part.length()).getBytes(StandardCharsets.US_ASCII));
            sha1.update((byte) ':');
            sha1.update(part.getBytes(StandardCharsets.UTF_8));
        }
        byte[] uuid = java.util.Arrays.copyOf(sha1.digest(), 16);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x50);
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80);
        return uuid;
    }
}
