package org.varde.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.net.DicomServer;
import org.varde.gateway.api.HttpApi;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.ingest.IngestHandler;
import org.varde.gateway.ingest.SpoolReconciler;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: spool and journal opened and reconciled first, then the DICOM listener and
 * the HTTP API. Nothing is acknowledged before the reconcile has run.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Spool spool;
    private final Journal journal;
    private final GatewayMetrics metrics;
    private DicomServer dicomServer;
    private HttpApi httpApi;
    private int dicomPort;
    private int httpPort;

    private Gateway(Vertx vertx, GatewayConfig config, Spool spool, Journal journal) {
        this.vertx = vertx;
        this.config = config;
        this.spool = spool;
        this.journal = journal;
        this.metrics = new GatewayMetrics();
        metrics.watchSpoolFreeBytes(spool::freeBytes);
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        return vertx.executeBlocking(() -> openStorage(vertx, config), false)
                .compose(gateway -> gateway.listen().map(gateway));
    }

    private static Gateway openStorage(Vertx vertx, GatewayConfig config) throws Exception {
        Spool spool = Spool.open(config.storage());
        Journal journal = JdbcJournal.open(config.store());
        try {
            new SpoolReconciler(spool, journal).reconcile();
        } catch (Exception e) {
            journal.close();
            throw e;
        }
        return new Gateway(vertx, config, spool, journal);
    }

    private Future<Void> listen() {
        dicomServer = DicomServer.create(vertx, config.dicom().toServerOptions(),
                new IngestHandler(vertx, spool, journal, metrics), metrics);
        httpApi = new HttpApi(vertx, config.http(), journal, spool, metrics, () -> dicomServer.isListening());
        return dicomServer.listen()
                .compose(port -> {
                    dicomPort = port;
                    return httpApi.listen();
                })
                .map(port -> {
                    httpPort = port;
                    LOG.info("Varde {} listening: DICOM {} on {}:{}, HTTP on {}:{}, spool {} (fsync {})",
                            Version.CURRENT, config.dicom().aeTitle(), config.dicom().bind(), dicomPort,
                            config.http().bind(), httpPort, spool.root(), config.storage().fsync());
                    return (Void) null;
                })
                .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    /** Stops accepting, then closes the journal. */
    public Future<Void> stop() {
        Future<Void> dicom = dicomServer == null ? Future.succeededFuture() : dicomServer.close();
        Future<Void> http = httpApi == null ? Future.succeededFuture() : httpApi.close();
        return Future.join(dicom, http)
                .eventually(() -> vertx.executeBlocking(() -> {
                    journal.close();
                    return null;
                }, false))
                .mapEmpty();
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public GatewayConfig config() {
        return config;
    }

    public Journal journal() {
        return journal;
    }

    public Spool spool() {
        return spool;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }
}
