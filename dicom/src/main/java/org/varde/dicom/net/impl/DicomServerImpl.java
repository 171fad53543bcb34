package org.varde.dicom.net.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.MppsHandler;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.tls.TlsContext;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A Vert.x NetServer whose every connection is an {@link AcceptorAssociation}. */
public final class DicomServerImpl implements DicomServer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomServerImpl.class);
    /** Socket buffers sized for image transfer; the kernel default limits throughput on loopback. */
    private static final int SOCKET_BUFFER = 1 << 20;
    /**
     * Vert.x also reads with a fixed buffer of the receive buffer's size and copies each read into a
     * heap array of its length: at 1 MiB a read could reach half a G1 region of a 256 MiB heap and
     * be a humongous allocation (120 extra collections in 8 s of the ingest bench). 256 KiB reads stay
     * ordinary young objects and still keep a loopback sender streaming.
     */
    private static final int RECEIVE_BUFFER = 256 * 1024;

    private final Vertx vertx;
    private final DicomServerOptions options;
    private final TlsContext tls;
    private final CStoreHandler storeHandler;
    private final MppsHandler mppsHandler;
    private final AssociationListener listener;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final PendingConnections pending;
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong lastRefusalWarning = new AtomicLong();
    private NetServer server;
    private volatile boolean listening;

    /**
     * @param tls         the TLS material, or null for plain TCP
     * @param mppsHandler the MPPS SCP's handler, or null to refuse the MPPS SOP class in negotiation
     */
    public DicomServerImpl(Vertx vertx, DicomServerOptions options, TlsContext tls, CStoreHandler storeHandler,
                           MppsHandler mppsHandler, AssociationListener listener) {
        this.vertx = vertx;
        this.options = options;
        this.tls = tls;
        this.storeHandler = storeHandler;
        this.mppsHandler = mppsHandler;
        this.listener = listener == null ? new AssociationListener() { } : listener;
        this.pending = new PendingConnections(options.maxPendingConnections(), options.maxPendingConnectionsPerHost());
    }

    @Override
    public Future<Integer> listen() {
        NetServerOptions netOptions = new NetServerOptions().setHost(options.bindHost()).setPort(options.port())
                .setTcpNoDelay(true).setReceiveBufferSize(RECEIVE_BUFFER).setSendBufferSize(SOCKET_BUFFER);
        if (tls != null) {
            tls.applyTo(netOptions);
        }
        server = vertx.createNetServer(netOptions);
        if (tls != null) {
            // Vert.x calls the connect handler only after a successful handshake; a failed one (plain
            // TCP on this port, an untrusted, expired or unlisted certificate) ends up here
            server.exceptionHandler(e -> LOG.info("DICOM TLS connection refused before association: {}",
                    brief(e.getMessage())));
        }
        server.connectHandler(this::connected);
        return server.listen().map(s -> {
            listening = true;
            LOG.info("DICOM {}listener {} on {}:{}", tls == null ? "" : "TLS (" + tls.settings().profile().word() + ") ",
                    options.aeTitle(), options.bindHost(), s.actualPort());
            return s.actualPort();
        });
    }

    /** Netty quotes a non-TLS record in hex, all of it: enough to say what it was, not a page of log. */
    private static String brief(String message) {
        return message == null || message.length() <= 160 ? message : message.substring(0, 160) + "...";
    }

    /**
     * Connections count from accept: one beyond the pending limits (global, per remote address) is
     * closed before anything is read or allocated for it; the rest wait for their A-ASSOCIATE-RQ
     * under ARTIM (PS3.8 9.1.5), which starts now.
     */
    private void connected(NetSocket socket) {
        String host = socket.remoteAddress() == null ? "" : socket.remoteAddress().hostAddress();
        if (!pending.tryAdd(host)) {
            refusedConnections.incrementAndGet();
            warnRefusedAtMostEveryMinute(host);
            listener.connectionRefused(host);
            socket.close();
            return;
        }
        new AcceptorAssociation(vertx, socket, this, options, storeHandler, mppsHandler, listener,
                ids.incrementAndGet(), host).start(null);
    }

    /** A flood must not become a flood of log lines: one WARN, then one a minute with the count. */
    private void warnRefusedAtMostEveryMinute(String host) {
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (last != 0 && now - last < 60_000_000_000L || !lastRefusalWarning.compareAndSet(last, now)) {
            LOG.debug("connection from {} closed: pending connection limit reached", host);
            return;
        }
        LOG.warn("connection from {} closed at once: {} connections not yet associated (limits: {} in all, {} per "
                + "host; dicom.limits.maxPendingConnections, maxPendingConnectionsPerHost); {} refused so far",
                host, pending.total(), options.maxPendingConnections(), options.maxPendingConnectionsPerHost(),
                refusedConnections.get());
    }

    /** The connection from {@code host} sent its A-ASSOCIATE-RQ or closed: no longer pending. */
    void pendingEnded(String host) {
        pending.remove(host);
    }

    @Override
    public long refusedConnections() {
        return refusedConnections.get();
    }

    @Override
    public int pendingConnections() {
        return pending.total();
    }

    @Override
    public Future<Void> close() {
        listening = false;
        return server == null ? Future.succeededFuture() : server.close();
    }

    @Override
    public Future<Void> updateTls(TlsContext next) {
        if (tls == null || server == null) {
            return Future.failedFuture(new IllegalStateException("not a listening TLS listener"));
        }
        // force: the options may be equal to the old ones while the files behind them changed
        return server.updateSSLOptions(next.serverOptions(), true).mapEmpty();
    }

    @Override
    public int activeAssociations() {
        return active.get();
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    void associationOpened() {
        active.incrementAndGet();
    }

    void associationClosed() {
        active.decrementAndGet();
    }
}
