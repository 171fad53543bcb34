package org.varde.connectors.sink.pacs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Which result a written object stands for. The UIDs are derived from the job and the version and the
 * dates from {@code producedAt}, never from the clock at writing time: a resend of the same result
 * writes the same SOP instance, byte for byte, so PACS replaces it instead of filing a duplicate.
 *
 * @param jobId          the job whose result this is (stable across retries)
 * @param resultVersion  1 for the first result of the job, higher when a corrected result replaces it
 * @param producedAt     when Varde received the result
 * @param zone           the site's time zone, for the DICOM dates and times
 */
public record ResultIdentity(String jobId, int resultVersion, Instant producedAt, ZoneId zone) {
    public ResultIdentity {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(producedAt, "producedAt");
        Objects.requireNonNull(zone, "zone");
        if (jobId.isBlank()) {
            throw new IllegalArgumentException("jobId is blank");
        }
        if (resultVersion < 1) {
            throw new IllegalArgumentException("resultVersion must be 1 or more, was " + resultVersion);
        }
    }
}
