package org.varde.gateway.results;

import java.time.Instant;

/**
 * A REST job's way back, as {@code rest_exchanges} holds it.
 *
 * @param ready       the vendor said the job ended (callback, or a status of done or failed)
 * @param vendorError what the vendor said when it reported failure, or null
 * @param nextCheckAt when the row is next due
 */
public record RestExchange(String jobId, String algorithmId, String statusUrl, String resultUrl, boolean ready,
                           String vendorError, Instant nextCheckAt) {
}
