package org.varde.dicom.net;

import org.varde.dicom.dimse.Status;

import java.nio.file.Path;

/** What became of one file sent by {@link StoreScu}: the peer's status, or why it was not sent. */
public record StoreOutcome(Path file, String sopInstanceUid, Status statusOrNull, String failureOrNull) {
    public boolean isSuccess() {
        return statusOrNull != null && (statusOrNull.isSuccess() || statusOrNull.isWarning());
    }
}
