package org.varde.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * How a row is linked to the one before it: {@code hash = SHA-256(prevHash || canonical(row))}. The
 * canonical form writes every field in a fixed order, each as its length, a colon and its UTF-8
 * text (a null as {@code -}), so no two different rows share a form and a value cannot smuggle a
 * separator. Times are kept to the millisecond, which both databases store exactly.
 */
public final class AuditChain {
    /** The {@code prevHash} of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The time as the log stores and hashes it. */
    public static Instant truncate(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    public static String canonical(long seq, Instant at, String node, AuditEntry e, String site) {
        StringBuilder out = new StringBuilder(256);
        field(out, Long.toString(seq));
        field(out, truncate(at).toString());
        field(out, node);
        field(out, e.actor().kind().name());
        field(out, e.actor().name());
        field(out, e.action().name());
        field(out, e.outcome().name());
        field(out, e.studyInstanceUid());
        field(out, e.jobId());
        field(out, e.algorithmId());
        field(out, site);
        field(out, e.target());
        field(out, e.detail());
        return out.toString();
    }

    public static String hash(String prevHash, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            // every Java platform has SHA-256 (java.security.MessageDigest's required algorithms)
            throw new IllegalStateException(e);
        }
    }

    /** The hash a row should carry, from its stored fields. */
    public static String hashOf(AuditEvent row) {
        return hash(row.prevHash(), canonical(row.seq(), row.at(), row.node(), row.entry(), row.site()));
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-;");
        } else {
            out.append(value.length()).append(':').append(value).append(';');
        }
    }
}
