package org.varde.gateway.audit;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One row of the audit log: the entry, its place in the chain and the hashes that link it.
 *
 * @param prevHash the hash of the row before (64 zeros for the first)
 * @param hash     SHA-256 of {@code prevHash} and this row's canonical content ({@link AuditChain})
 */
public record AuditEvent(long seq, Instant at, String node, AuditEntry entry, String site, String prevHash,
                         String hash) {

    /** The API's and the JSON lines' form; field names are a public contract: add, never rename. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("seq", seq)
                .put("at", at.toString())
                .put("node", node)
                .put("actorKind", entry.actor().kind().name())
                .put("actor", entry.actor().name())
                .put("action", entry.action().name())
                .put("outcome", entry.outcome().name())
                .put("studyInstanceUid", entry.studyInstanceUid())
                .put("jobId", entry.jobId())
                .put("algorithm", entry.algorithmId())
                .put("site", site)
                .put("target", entry.target())
                .put("detail", entry.detail())
                .put("prevHash", prevHash)
                .put("hash", hash);
    }
}
