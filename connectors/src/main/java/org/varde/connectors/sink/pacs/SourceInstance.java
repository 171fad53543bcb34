package org.varde.connectors.sink.pacs;

import org.varde.dicom.data.UID;

import java.util.Objects;

/** One instance of the source study, as the SR's evidence and image library name it. */
public record SourceInstance(String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
    public SourceInstance {
        requireUid(seriesInstanceUid, "seriesInstanceUid");
        requireUid(sopClassUid, "sopClassUid");
        requireUid(sopInstanceUid, "sopInstanceUid");
    }

    static void requireUid(String uid, String what) {
        Objects.requireNonNull(uid, what);
        if (!UID.isSafe(uid)) {
            throw new IllegalArgumentException(what + " is not a valid UID (PS3.5 9.1): \"" + uid + "\"");
        }
    }
}
