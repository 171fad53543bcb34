package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.VR;

import java.nio.charset.StandardCharsets;

/** The UIDs an element holds, whether it was read as UI or, in Implicit VR, as UN. */
final class UidValues {
    private UidValues() {
    }

    /** The values of a UI element, or of a UN one read as the UI text it is (PS3.5 6.2: NUL padded). */
    static String[] of(Attributes ds, int tag) {
        if (ds.getVR(tag) != VR.UN) {
            String[] values = ds.getStrings(tag);
            return values == null ? new String[0] : values;
        }
        byte[] bytes = ds.getBytes(tag);
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.US_ASCII).replace("\0", "").trim();
        return text.isEmpty() ? new String[0] : text.split("\\\\");
    }
}
