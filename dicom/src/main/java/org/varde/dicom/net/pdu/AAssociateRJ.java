package org.varde.dicom.net.pdu;

import org.varde.dicom.net.RejectReason;

/** PS3.8 9.3.4: A-ASSOCIATE-RJ with its result, source and reason bytes. */
public record AAssociateRJ(int result, int source, int reason) implements Pdu {
    public static AAssociateRJ of(RejectReason why) {
        return new AAssociateRJ(why.result, why.source, why.reason);
    }

    @Override
    public int type() {
        return A_ASSOCIATE_RJ;
    }
}
