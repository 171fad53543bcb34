package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.varde.dicom.data.Implementation;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;
import org.varde.dicom.tls.TlsContext;

import java.util.List;

/**
 * A Vert.x NetClient (TCP_NODELAY) whose every connection is a {@link RequestorAssociation}. With TLS
 * the key, certificate and CAs are read from their files for each connection (off the event loop), so
 * a renewed certificate is used from the next association on, and the A-ASSOCIATE-RQ is sent only
 * after the handshake has verified the peer's certificate and host name.
 */
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
        return connect(host, port)
                .compose(socket -> new RequestorAssociation(vertx, socket, options).open(rq));
    }

    private Future<NetSocket> connect(String host, int port) {
        if (options.tls() == null) {
            return client.connect(port, host);
        }
        return vertx.executeBlocking(() -> TlsContext.load(vertx, options.tls()), false)
                .compose(tls -> client.connect(new ConnectOptions().setHost(host).setPort(port)
                        .setSsl(true).setSslOptions(tls.clientOptions())));
    }

    @Override
    public Future<Void> close() {
        return client.close();
    }
}
