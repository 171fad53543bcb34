package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.net.impl.DicomServerImpl;
import org.varde.dicom.tls.TlsContext;

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
        return new DicomServerImpl(vertx, options, null, storeHandler, mppsHandler, listener);
    }

    /**
     * A listener that speaks TLS (PS3.15 B.10, B.12): every connection completes the TLS handshake,
     * with a client certificate when {@code tls} asks for one, before its first PDU is read. A peer
     * that fails the handshake (plain TCP, an untrusted or expired certificate, one not on the
     * allow-list) is disconnected and never reaches association negotiation.
     *
     * @param tls loaded off the event loop ({@link TlsContext#load})
     */
    static DicomServer createTls(Vertx vertx, DicomServerOptions options, TlsContext tls, CStoreHandler storeHandler,
                                 MppsHandler mppsHandler, AssociationListener listener) {
        return new DicomServerImpl(vertx, options, java.util.Objects.requireNonNull(tls), storeHandler, mppsHandler,
                listener);
    }

    /** @return the port actually bound (useful with port 0) */
    Future<Integer> listen();

    Future<Void> close();

    int activeAssociations();

    /** TCP connections accepted that have not sent their A-ASSOCIATE-RQ yet. */
    int pendingConnections();

    /** Connections closed at accept because a pending-connection limit was reached, since start. */
    long refusedConnections();

    boolean isListening();

    /**
     * A TLS listener takes a new certificate (and CAs) for the connections made from now on; open
     * associations keep theirs. Fails on a listener without TLS.
     */
    Future<Void> updateTls(TlsContext next);
}
