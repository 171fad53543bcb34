package org.varde.dicom.tls;

import javax.security.auth.x500.X500Principal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Which peer certificates are let in, beyond being issued by a trusted CA: each entry is a subject
 * distinguished name ({@code CN=CT-1,O=Hospital}, compared in RFC 2253 canonical form) or a SHA-256
 * fingerprint of the whole certificate ({@code sha256:AB:CD:...}, colons optional, as
 * {@code openssl x509 -fingerprint -sha256} prints it). Empty means any certificate the CAs vouch for.
 */
public final class PeerAllowList {
    public static final PeerAllowList ANY = new PeerAllowList(List.of(), List.of(), List.of());
    private static final String SHA256 = "sha256:";

    private final List<String> entries;
    private final List<X500Principal> subjects;
    private final List<byte[]> fingerprints;

    private PeerAllowList(List<String> entries, List<X500Principal> subjects, List<byte[]> fingerprints) {
        this.entries = List.copyOf(entries);
        this.subjects = List.copyOf(subjects);
        this.fingerprints = List.copyOf(fingerprints);
    }

    /** @throws IllegalArgumentException naming the index of an entry that is neither form */
    public static PeerAllowList parse(List<String> entries) {
        List<X500Principal> subjects = new ArrayList<>();
        List<byte[]> fingerprints = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            if (entry.regionMatches(true, 0, SHA256, 0, SHA256.length())) {
                fingerprints.add(fingerprint(i, entry.substring(SHA256.length())));
            } else {
                subjects.add(subject(i, entry));
            }
        }
        return new PeerAllowList(entries, subjects, fingerprints);
    }

    private static byte[] fingerprint(int index, String hex) {
        String digits = hex.replace(":", "").toLowerCase(Locale.ROOT);
        if (digits.length() != 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("[" + index + "] a SHA-256 fingerprint has 64 hex digits, was \"" + hex + "\"");
        }
        return HexFormat.of().parseHex(digits);
    }

    private static X500Principal subject(int index, String dn) {
        if (dn.isEmpty()) {
            throw new IllegalArgumentException("[" + index + "] must be a subject DN or sha256:<fingerprint>, was empty");
        }
        try {
            return new X500Principal(dn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[" + index + "] is neither a subject DN (CN=...,O=...) nor "
                    + "sha256:<fingerprint>: \"" + dn + "\"");
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> entries() {
        return entries;
    }

    public boolean permits(X509Certificate peer) {
        if (isEmpty()) {
            return true;
        }
        // X500Principal.equals compares the canonical forms: case and spacing do not matter
        if (subjects.contains(peer.getSubjectX500Principal())) {
            return true;
        }
        byte[] digest = sha256(peer);
        return fingerprints.stream().anyMatch(f -> MessageDigest.isEqual(f, digest));
    }

    /** The SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it, for logs and docs. */
    public static String fingerprintOf(X509Certificate certificate) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate));
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerAllowList p && entries.equals(p.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
