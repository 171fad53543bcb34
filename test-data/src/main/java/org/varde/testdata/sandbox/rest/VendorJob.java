package org.varde.testdata.sandbox.rest;

import io.vertx.core.json.JsonObject;

/**
 * One job the sandbox vendor took, under the Idempotency-Key it came with.
 *
 * @param id               the vendor's own id
 * @param idempotencyKey   the client's key
 * @param studyInstanceUid the study the job names
 * @param instances        how many instances it came with
 * @param callback         {@code {url, secret}} when the client asked to be called back, else null
 */
record VendorJob(String id, String idempotencyKey, String studyInstanceUid, int instances, JsonObject callback) {
}
