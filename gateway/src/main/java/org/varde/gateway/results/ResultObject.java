package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One piece of a vendor's raw payload kept for audit: a DICOM object (SR, SEG, SC, GSPS, KOS) or a
 * JSON document, in the spool's results area. A row of {@code result_objects}.
 *
 * @param resultIdOrNull the result normalised from it (or arriving with it), null until then
 * @param spoolPath      relative to the spool root
 */
public record ResultObject(long id, String jobId, String resultIdOrNull, String sopClassUid, String sopInstanceUid,
                           String mediaType, String spoolPath, long byteCount, String callingAeTitle,
                           Instant receivedAt) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("resultId", resultIdOrNull)
                .put("sopClassUid", sopClassUid)
                .put("sopInstanceUid", sopInstanceUid)
                .put("mediaType", mediaType)
                .put("spoolPath", spoolPath)
                .put("bytes", byteCount)
                .put("callingAeTitle", callingAeTitle)
                .put("receivedAt", receivedAt.toString());
    }
}
