package org.varde.dicom.net.pdu;

/** PS3.8 9.3.7: A-RELEASE-RP; four reserved bytes, no parameters. */
public record AReleaseRP() implements Pdu {
    public static final AReleaseRP INSTANCE = new AReleaseRP();

    @Override
    public int type() {
        return A_RELEASE_RP;
    }
}
