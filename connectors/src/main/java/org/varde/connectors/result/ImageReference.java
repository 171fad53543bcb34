package org.varde.connectors.result;

import java.util.List;
import java.util.Objects;

/** A source image a finding rests on; frames empty means the whole instance. */
public record ImageReference(String seriesInstanceUid, String sopClassUid, String sopInstanceUid, List<Integer> frames) {
    public ImageReference {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        frames = List.copyOf(frames);
    }
}
