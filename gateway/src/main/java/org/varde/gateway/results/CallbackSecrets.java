package org.varde.gateway.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The per-job webhook secret: 256 random bits (base64url, 43 characters), made for one dispatch
 * attempt, sent to the vendor with the job and kept by Varde only as its SHA-256. A fast hash is right
 * here: the secret is random and long, so there is nothing for a slow hash to protect against
 * guessing (the same reasoning as the API tokens). Compared in constant time.
 */
public final class CallbackSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A presented secret longer than this is not one of ours; it is refused before it is hashed. */
    static final int MAX_SECRET_LENGTH = 128;

    private CallbackSecrets() {
    }

    public static String newSecret() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether {@code presented} is the secret whose hash is {@code storedHash}; constant time in the secret. */
    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null || presented.length() > MAX_SECRET_LENGTH) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // MessageDigest.isEqual is constant-time for equal lengths (JDK 6u17+), and both are 32 bytes
        return MessageDigest.isEqual(sha256(presented), expected);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }
}
