package org.varde.dicom.deident;

import org.varde.dicom.data.UID;

import java.util.HashMap;
import java.util.Map;

/** Pseudonyms kept in a map, as the gateway's store keeps them in its tables. */
final class MapPseudonyms implements Pseudonyms {
    final Map<String, String> uids = new HashMap<>();
    private final String patientId;
    private final int dayShift;

    MapPseudonyms(String patientId, int dayShift) {
        this.patientId = patientId;
        this.dayShift = dayShift;
    }

    @Override
    public String uid(String original) {
        return uids.computeIfAbsent(original, o -> UID.generate());
    }

    @Override
    public String patientId() {
        return patientId;
    }

    @Override
    public int dayShift() {
        return dayShift;
    }

    /** Replacement to original, for the way back. */
    Map<String, String> reversed() {
        Map<String, String> reversed = new HashMap<>();
        uids.forEach((original, replacement) -> reversed.put(replacement, original));
        return reversed;
    }
}
