package org.varde.dicom.net;

import org.varde.dicom.net.pdu.AAssociateRJ;

/** The peer answered our A-ASSOCIATE-RQ with A-ASSOCIATE-RJ (PS3.8 9.3.4). */
public class AssociationRejectedException extends Exception {
    private final AAssociateRJ rejection;

    public AssociationRejectedException(AAssociateRJ rejection) {
        super("association rejected: result " + rejection.result() + ", source " + rejection.source()
                + ", reason " + rejection.reason());
        this.rejection = rejection;
    }

    public AAssociateRJ rejection() {
        return rejection;
    }
}
