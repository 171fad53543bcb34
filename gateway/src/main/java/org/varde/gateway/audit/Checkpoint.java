package org.varde.gateway.audit;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed statement that the audit chain's row {@code seq} had hash {@code hash} at {@code at}.
 * Whoever can write the database can recompute a whole chain after changing a row; they cannot
 * sign, so a rewritten chain no longer matches the checkpoints taken before the change.
 *
 * @param signature Ed25519 over {@link #signedText()}, base64
 */
public record Checkpoint(long seq, Instant at, String hash, String keyId, String signature) {

    /** What is signed: versioned, every field, no ambiguity between them. */
    public String signedText() {
        return signedText(seq, at, hash);
    }

    static String signedText(long seq, Instant at, String hash) {
        return "varde-audit-checkpoint/1 seq=" + seq + " hash=" + hash + " at=" + at;
    }

    static Checkpoint sign(long seq, Instant at, String hash, PrivateKey key, String keyId)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(CheckpointKeys.ALGORITHM);
        s.initSign(key);
        s.update(signedText(seq, at, hash).getBytes(StandardCharsets.US_ASCII));
        return new Checkpoint(seq, at, hash, keyId, Base64.getEncoder().encodeToString(s.sign()));
    }

    public boolean verifies(PublicKey key) {
        try {
            Signature v = Signature.getInstance(CheckpointKeys.ALGORITHM);
            v.initVerify(key);
            v.update(signedText().getBytes(StandardCharsets.US_ASCII));
            return v.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("at", at.toString()).put("hash", hash).put("keyId", keyId)
                .put("signature", signature);
    }
}
