package org.varde.dicom.net.pdu;

/** PS3.8 9.3.6: A-RELEASE-RQ; four reserved bytes, no parameters. */
public record AReleaseRQ() implements Pdu {
    public static final AReleaseRQ INSTANCE = new AReleaseRQ();

    @Override
    public int type() {
        return A_RELEASE_RQ;
    }
}
