package org.varde.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 keys of the audit checkpoints (RFC 8032): the gateway signs with the private key,
 * an auditor verifies with the public one, kept apart from the database. PEM files: PKCS#8
 * {@code PRIVATE KEY}, X.509 {@code PUBLIC KEY}.
 */
public final class CheckpointKeys {
    public static final String ALGORITHM = "Ed25519";

    private CheckpointKeys() {
    }

    public static PrivateKey readPrivate(Path pem) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    }

    public static PublicKey readPublic(Path pem) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    }

    /** A new key pair, written owner-only ({@code ./varde audit keygen}). */
    public static KeyPair generate(Path privatePem, Path publicPem) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privatePem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no POSIX modes: the operator protects the file
        }
        Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return pair;
    }

    /** The first 16 hex digits of SHA-256 over the encoded public key: which key signed a checkpoint. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the two keys belong together: a signature by one verifies with the other. */
    public static boolean pair(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "varde audit key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(privateKey);
        s.update(probe);
        byte[] signature = s.sign();
        Signature v = Signature.getInstance(ALGORITHM);
        v.initVerify(publicKey);
        v.update(probe);
        return v.verify(signature);
    }

    private static byte[] der(Path pem, String label) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(pem + " holds no PEM " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + ": the PEM " + label + " is not valid base64");
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
