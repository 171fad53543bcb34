package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.net.impl.DicomServerImpl;

/**
 * A DICOM listener (association acceptor) on a Vert.x NetServer. C-ECHO is always served; C-STORE
 * goes to the store handler; N-CREATE and N-SET of Modality Performed Procedure Step go to the MPPS
 * handler when one is given (otherwise that SOP class is refused in negotiation). Associations
 * beyond the limit, unknown called AE titles and calling AE titles not allowed are rejected with
 * A-ASSOCIATE-RJ.
 */
public interface DicomServer {
    static DicomServer create(Vertx vertx, DicomServerOptions options, CStoreHandler storeHandler,
                              AssociationListener listener) {
        return create(vertx, options, storeHandler, null, listener);
    }

    /** @param mppsHandler serves the MPPS SOP class (PS3.4 F.7); null refuses it, as the overload above does */
    static DicomServer create(Vertx vertx, DicomServerOptions options, CStoreHandler storeHandler,
                              MppsHandler mppsHandler, AssociationListener listener) {
        return new DicomServerImpl(vertx, options, storeHandler, mppsHandler, listener);
    }

    /** @return the port actually bound (useful with port 0) */
    Future<Integer> listen();

    Future<Void> close();

    int activeAssociations();

    boolean isListening();
}
