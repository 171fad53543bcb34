package org.varde.dicom.data;

/** What Varde says about itself in the File Meta Information and association negotiation (PS3.7 D.3.3.2). */
public final class Implementation {

    /** PS3.5 B.2: "2.25." + the decimal form of the fixed UUID 7b0f3c1e-5a2d-4c8e-9f61-0d4a2b6c8e10. */
    public static final String CLASS_UID = "2.25.163574147283752183386330336695679749648";

    /** PS3.7 D.3.3.2.2: at most 16 characters. */
    public static final String VERSION_NAME = "VARDE_010";

    private Implementation() {
    }
}
