package org.varde.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of a named token and its stored form. A secret is {@code varde_} and 256 random bits
 * in base64url (43 characters); the prefix lets secret scanners and people recognise one.
 *
 * <p>Why SHA-256 and not bcrypt/scrypt/Argon2: those are slow on purpose, to make guessing a
 * <em>low-entropy</em> password from its hash expensive. A secret of 256 random bits cannot be
 * guessed from its hash at any speed, so slowness buys nothing here; it would cost tens of
 * milliseconds of CPU on every API request (a lever for anyone who can send requests), and a salted
 * hash could not be looked up by value, only compared with every stored token in turn. This is what
 * GitHub and others do for high-entropy tokens. It is only sound because the gateway makes the
 * secrets itself: a chosen (guessable) secret is never accepted.
 */
public final class TokenSecret {
    public static final String PREFIX = "varde_";
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecret() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} has the shape of a secret this class makes (checked before any lookup). */
    public static boolean looksLikeOne(String text) {
        if (text.length() != PREFIX.length() + ENCODED_LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: what the database holds. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (JCA standard names)", e);
        }
    }
}
