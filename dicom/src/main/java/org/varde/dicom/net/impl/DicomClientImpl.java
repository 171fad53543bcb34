package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.varde.dicom.data.Implementation;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.util.List;

/** A Vert.x NetClient (TCP_NODELAY) whose every connection is a {@link RequestorAssociation}. */
public final class DicomClientImpl implements DicomClient {
    private static final int SOCKET_BUFFER = 1 << 20;

    private final Vertx vertx;
    private final DicomClientOptions options;
    private final NetClient client;

    public DicomClientImpl(Vertx vertx, DicomClientOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout(options.connectTimeoutMillis())
                .setSendBufferSize(SOCKET_BUFFER).setReceiveBufferSize(SOCKET_BUFFER));
    }

    @Override
    public Future<ClientAssociation> open(String host, int port, String callingAeTitle, String calledAeTitle,
                                          List<PresentationContext> contexts) {
        AAssociateRQ rq = AAssociateRQ.of(callingAeTitle, calledAeTitle, contexts,
                UserInformation.of(options.maxPduLength(), Implementation.CLASS_UID, Implementation.VERSION_NAME));
        return client.connect(port, host)
                .compose(socket -> new RequestorAssociation(vertx, socket, options).open(rq));
    }

    @Override
    public Future<Void> close() {
        return client.close();
    }
}
