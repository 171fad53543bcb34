package org.varde.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.gateway.access.OidcJwtVerifier;
import org.varde.gateway.access.TokenStore;
import org.varde.gateway.api.GatewayPipeline;
import org.varde.gateway.api.HttpApi;
import org.varde.gateway.config.DicomSettings;
import org.varde.gateway.config.DicomTls;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.ingest.IngestHandler;
import org.varde.gateway.ingest.InstanceJournaledListener;
import org.varde.gateway.ingest.SpoolReconciler;
import org.varde.gateway.metrics.CallerLabels;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.OwnerOnly;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.assembly.StudyAssembler;
import org.varde.gateway.dispatch.Dispatcher;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.orchestration.ConfigStatus;
import org.varde.gateway.orchestration.Orchestration;
import org.varde.gateway.orchestration.RecordedDecision;
import org.varde.gateway.orchestration.RoutingFiles;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * One running gateway: spool and journal opened and reconciled first, then the DICOM listener and
 * the HTTP API. Nothing is acknowledged before the reconcile has run.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Spool spool;
    private final JdbcJournal journal;
    private final Quarantine quarantine;
    private final RoutingConfig initialRouting;
    private final GatewayMetrics metrics;
    private final TokenStore tokens;
    private Orchestration orchestration;
    private org.varde.gateway.value.AlgorithmWatch algorithmWatch;
    private org.varde.gateway.value.WatchTimer watchTimer;
    private final GatewayTls tls;
    private DicomServer dicomServer;
    private DicomServer dicomTlsServer;
    private HttpApi httpApi;
    private int dicomPort;
    private int dicomTlsPort;
    private int httpPort;

    private Gateway(Vertx vertx, GatewayConfig config, Spool spool, JdbcJournal journal, Quarantine quarantine,
                    RoutingConfig routing, GatewayMetrics metrics, GatewayTls tls) {
        this.vertx = vertx;
        this.tls = tls;
        this.config = config;
        this.spool = spool;
        this.journal = journal;
        this.quarantine = quarantine;
        this.initialRouting = routing;
        this.metrics = metrics;
        this.tokens = new TokenStore(journal.dataSource(), Clock.systemUTC());
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        return vertx.executeBlocking(() -> openStorage(vertx, config), false)
                .compose(gateway -> gateway.listen().map(gateway));
    }

    private static Gateway openStorage(Vertx vertx, GatewayConfig config) throws Exception {
        // an invalid catalogue or route file, or a certificate that does not load, stops the start
        // before anything is opened
        RoutingConfig routing = RoutingFiles.load(config);
        GatewayTls tls = GatewayTls.load(vertx, config);
        // storage.dir and everything below are the gateway user's alone (0700 folders, 0600 files)
        OwnerOnly.createDirectories(config.storage().dir());
        Spool spool = Spool.open(config.storage());
        Quarantine quarantine = Quarantine.open(config.storage());
        GatewayMetrics metrics = new GatewayMetrics(CallerLabels.fromConfig(config.dicom().allowedCallers()));
        metrics.watchSpoolFreeBytes(spool::freeBytes);
        metrics.watchSpoolCapacity(spool::totalBytes, spool.minFreeBytes());
        metrics.watchQuarantinedFiles(quarantine::count);
        // H2 creates its files after the umask: its folder is ours, and its files are restricted once open
        OwnerOnly.createDirectories(config.storage().databaseDir());
        OwnerOnly.restrict(config.storage().databaseDir());
        JdbcJournal journal = JdbcJournal.open(config.store());
        try {
            OwnerOnly.restrictTree(config.storage().databaseDir());
            OwnerOnly.restrictTree(spool.root());
            OwnerOnly.restrictTree(quarantine.dir());
        } catch (Exception e) {
            journal.close();
            throw e;
        }
        return new Gateway(vertx, config, spool, journal, quarantine, routing, metrics, tls);
    }

    /**
     * On the event loop: the pipeline (assembly resumed before the listener opens, so a restart picks
     * up the timers of studies still arriving), then the DICOM listener with MPPS, then the HTTP API.
     */
    private Future<Void> listen() {
        warnAboutCallers(config.dicom());
        orchestration = new Orchestration(vertx, config, initialRouting, journal, spool, metrics.registry(),
                Clock.systemUTC());
        orchestration.cleaner().alsoExpire(quarantine);
        InstanceJournaledListener arrivals = orchestration.ingestListener();
        // the listener answers to the results AE title too; vendors' results go to the results stage, not ingest
        CStoreHandler ingest = orchestration.inboundStores(new IngestHandler(vertx, spool, quarantine, journal,
                metrics, config.dicom().limits().header(), arrivals));
        DicomServerOptions options = config.dicom().toServerOptions()
                .withOtherAeTitles(java.util.Set.of(config.dispatch().resultsAeTitle()));
        DicomTls dicomTls = config.dicom().tls();
        if (dicomTls == null || dicomTls.keepPlainPort()) {
            dicomServer = DicomServer.create(vertx, options, ingest,
                    orchestration.mppsHandler(), metrics);
        }
        if (dicomTls != null) {
            dicomTlsServer = DicomServer.createTls(vertx, options.withPort(dicomTls.port()),
                    tls.dicom(), ingest, orchestration.mppsHandler(), metrics);
        }
        OidcJwtVerifier oidc = config.http().oidc() == null ? null
                : new OidcJwtVerifier(vertx, config.http().oidc(), java.time.Clock.systemUTC());
        httpApi = new HttpApi(vertx, config.http(), journal, spool, metrics, this::dicomListening,
                new GatewayPipeline(this), tokens, oidc);
        if (tls.http() != null) {
            httpApi.useTls(tls.http());
        }
        // the spool and the journal agree again before anything runs: a file whose row a crash kept
        // from its commit is journaled with its study arrival, before the assembler's first sweep
        return vertx.executeBlocking(() -> reconcile(arrivals), false)
                .compose(v -> oidc == null ? Future.<Void>succeededFuture() : oidc.start())
                .compose(v -> orchestration.start())
                .map(v -> {
                    watchAlgorithms();
                    return v;
                })
                .compose(v -> dicomServer == null ? Future.succeededFuture(0) : dicomServer.listen())
                .compose(port -> {
                    dicomPort = port;
                    return dicomTlsServer == null ? Future.succeededFuture(0) : dicomTlsServer.listen();
                })
                .compose(port -> {
                    dicomTlsPort = port;
                    return httpApi.listen();
                })
                .compose(port -> {
                    httpPort = port;
                    return watchCertificates();
                })
                .map(v -> {
                    LOG.info("Varde {} listening: DICOM {} on {}:{}{}, HTTP{} on {}:{}, spool {} (fsync {})",
                            Version.CURRENT, config.dicom().aeTitle(), config.dicom().bind(),
                            dicomServer == null ? "-" : dicomPort,
                            dicomTlsServer == null ? "" : " and TLS on " + dicomTlsPort, tls.http() == null ? "" : "S",
                            config.http().bind(), httpPort, spool.root(), config.storage().fsync());
                    return (Void) null;
                })
                .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    /** Blocking: the start-up reconcile, study arrivals included (see {@link SpoolReconciler}). */
    private Void reconcile(InstanceJournaledListener arrivals) throws java.io.IOException {
        SpoolReconciler.Report report = new SpoolReconciler(spool, journal, quarantine, arrivals).reconcile();
        metrics.filesQuarantined(report.filesQuarantined());
        return null;
    }

    /** Drift and silence per algorithm (value figures' live part): gauges for the catalogue, then a check a minute. */
    private void watchAlgorithms() {
        algorithmWatch = new org.varde.gateway.value.AlgorithmWatch(journal.dataSource(),
                () -> routing().catalogue().algorithms().stream().map(a -> a.id()).toList(),
                config.watch(), Clock.systemUTC());
        org.varde.gateway.value.WatchMetrics gauges = new org.varde.gateway.value.WatchMetrics(metrics.registry(),
                algorithmWatch);
        gauges.register(routing().catalogue().algorithms().stream().map(a -> a.id()).toList());
        watchTimer = new org.varde.gateway.value.WatchTimer(vertx, algorithmWatch, gauges);
        watchTimer.start();
    }

    /** The newest drift and silence reports; null before the gateway listens. */
    public org.varde.gateway.value.AlgorithmWatch algorithmWatch() {
        return algorithmWatch;
    }

    private Future<Void> watchCertificates() {
        Future<Void> dicom = tls.dicom() == null ? Future.succeededFuture()
                : tls.watch(vertx, "dicom", tls.dicom(), config.dicom().tls().reloadCheck(), dicomTlsServer::updateTls, metrics);
        return dicom.compose(v -> tls.http() == null ? Future.succeededFuture()
                : tls.watch(vertx, "http", tls.http(), config.http().tls().reloadCheck(), httpApi::updateTls, metrics));
    }

    /** Every DICOM listener configured is listening (what /health reports). */
    private boolean dicomListening() {
        return (dicomServer == null || dicomServer.isListening())
                && (dicomTlsServer == null || dicomTlsServer.isListening());
    }

    private static void warnAboutCallers(DicomSettings dicom) {
        if (dicom.allowAnyCaller()) {
            LOG.warn("dicom.allowAnyCaller is true: associations from any calling AE title on any host are accepted; "
                    + "list the modalities and PACS in dicom.allowedCallers (AET@host) instead");
        } else if (dicom.allowedCallers().isEmpty()) {
            LOG.warn("dicom.allowedCallers is empty and dicom.allowAnyCaller is false: every association is rejected "
                    + "(calling AE title not recognized) until a caller is configured");
        }
    }

    /** Stops accepting, then the pipeline, then closes the journal (and with it the shared pool). */
    public Future<Void> stop() {
        tls.stop();
        if (watchTimer != null) {
            watchTimer.stop();
        }
        Future<Void> dicomTls = dicomTlsServer == null ? Future.succeededFuture() : dicomTlsServer.close();
        Future<Void> dicom = (dicomServer == null ? Future.<Void>succeededFuture() : dicomServer.close())
                .transform(r -> dicomTls);
        Future<Void> http = httpApi == null ? Future.succeededFuture() : httpApi.close();
        return Future.join(dicom, http)
                .eventually(() -> orchestration == null ? Future.succeededFuture() : orchestration.stop())
                .eventually(() -> vertx.executeBlocking(() -> {
                    // the names of instances still in their slot made durable first, then the last rows
                    spool.close();
                    journal.close();
                    return null;
                }, false))
                .mapEmpty();
    }

    public int dicomPort() {
        return dicomPort;
    }

    /** The DICOM-over-TLS listener's port, 0 when there is none. */
    public int dicomTlsPort() {
        return dicomTlsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The configuration in force: the start-up one with live reloads applied (routing, completion, jobs). */
    public GatewayConfig config() {
        return orchestration == null ? config : orchestration.config();
    }

    public Journal journal() {
        return journal;
    }

    public Spool spool() {
        return spool;
    }

    /** Files kept but not processed: conflicting resends, spool files the reconcile could not journal. */
    public Quarantine quarantine() {
        return quarantine;
    }

    /** The named API tokens, in the gateway's store. Blocking: call from a worker or a test thread. */
    public TokenStore tokens() {
        return tokens;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The durable jobs (a replay through it wakes this node's runner). Blocking: call from a worker. */
    public JobStore jobStore() {
        return orchestration.jobStore();
    }

    /** The results stage's rows (blocking reads). */
    /** REST vendors' webhooks; null while the pipeline is not running. */
    public org.varde.gateway.results.RestCallbacks restCallbacks() {
        return orchestration == null ? null : orchestration.restCallbacks();
    }

    /** Where results a vendor stores at Varde's STOW-RS endpoint go (null before start). */
    public org.varde.gateway.results.DicomResultReceiver resultReceiver() {
        return orchestration == null ? null : orchestration.resultReceiver();
    }

    /** The UPS worklist (IHE AIW-I); null when this gateway runs only ingest. */
    public org.varde.gateway.worklist.Worklist worklist() {
        return orchestration == null ? null : orchestration.worklist();
    }

    /** A completed workitem's Output Information: the objects its job's vendor stored. Blocking. */
    public java.util.List<org.varde.gateway.worklist.OutputObject> outputsOf(String jobId) {
        return new org.varde.gateway.worklist.ResultOutputs(results(), spool).of(jobId);
    }

    public org.varde.gateway.results.ResultRecords results() {
        return orchestration.results().records();
    }

    public StudyAssembler studyAssembler() {
        return orchestration.studyAssembler();
    }

    /** The catalogue and routes in force now; a reload swaps them whole. */
    public RoutingConfig routing() {
        return orchestration.routing();
    }

    /** The routing decisions recorded for a study, every generation, with their reasons. */
    public Future<List<RecordedDecision>> decisions(String studyInstanceUid) {
        return orchestration.decisions(studyInstanceUid);
    }

    /** A dry run with the routing in force: what would be sent, and why. Pure, no I/O. */
    public List<RoutingDecision> explain(StudyFacts study) {
        return routing().decide(study);
    }

    /** Reads the config file again; an invalid one is refused and the old one stays in force. */
    public Future<ConfigStatus> reloadConfig() {
        // the listeners' certificate files are read again too: a renewal needs no restart
        return tls.reload().compose(v -> orchestration.reloadConfig());
    }

    /** For /health: ok, or the error of the last refused reload. */
    public ConfigStatus configStatus() {
        return orchestration.configStatus();
    }

    /** The hash-chained audit log (blocking reads and appends). */
    /** The retention purge; null before the pipeline started. */
    public org.varde.gateway.cleaner.Cleaner cleaner() {
        return orchestration == null ? null : orchestration.cleaner();
    }

    public org.varde.gateway.audit.AuditLog auditLog() {
        return orchestration.auditLog();
    }

    /** The usage ledger (blocking reads). */
    public org.varde.gateway.usage.UsageLedger usage() {
        return orchestration.usage();
    }

    /** The dispatcher, for breaker states. */
    /** The way back for results of algorithms that received pseudonymised copies. */
    public org.varde.gateway.privacy.Reidentification reidentification() {
        return orchestration.reidentification();
    }

    public Dispatcher dispatcher() {
        return orchestration.dispatcher();
    }

    /** The review gate (issue 12): held results, reviewers' decisions. Its store blocks. */
    public org.varde.gateway.review.ReviewGate reviews() {
        return orchestration.reviews();
    }

    /** The delivery stage: deliveries, their history, the operator's replay. Its store blocks. */
    public org.varde.gateway.delivery.DeliveryStage delivery() {
        return orchestration.delivery();
    }
}
