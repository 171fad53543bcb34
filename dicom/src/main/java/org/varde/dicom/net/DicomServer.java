package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.net.impl.DicomServerImpl;

/**
 * A DICOM listener (association acceptor) on a Vert.x NetServer. C-ECHO is always served; C-STORE
 * goes to the handler. Associations beyond the limit, unknown called AE titles and calling AE titles
 * not allowed are rejected with A-ASSOCIATE-RJ.
 */
public interface DicomServer {
    static DicomServer create(Vertx vertx, DicomServerOptions options, CStoreHandler storeHandler,
                              AssociationListener listener) {
        return new DicomServerImpl(vertx, options, storeHandler, listener);
    }

    /** @return the port actually bound (useful with port 0) */
    Future<Integer> listen();

    Future<Void> close();

    int activeAssociations();

    boolean isListening();
}
