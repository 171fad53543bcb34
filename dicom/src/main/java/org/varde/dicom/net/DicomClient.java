package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.net.impl.DicomClientImpl;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.List;

/** Opens associations to DICOM peers (association requestor) on a Vert.x NetClient. */
public interface DicomClient {
    static DicomClient create(Vertx vertx, DicomClientOptions options) {
        return new DicomClientImpl(vertx, options);
    }

    static DicomClient create(Vertx vertx) {
        return create(vertx, DicomClientOptions.defaults());
    }

    /**
     * Connects and negotiates. Fails with {@link AssociationRejectedException} on A-ASSOCIATE-RJ.
     *
     * @param contexts offered presentation contexts (odd ids, PS3.8 9.3.2.2)
     */
    Future<ClientAssociation> open(String host, int port, String callingAeTitle, String calledAeTitle,
                                   List<PresentationContext> contexts);

    Future<Void> close();
}
