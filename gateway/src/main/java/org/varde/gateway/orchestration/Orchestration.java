package org.varde.gateway.orchestration;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.AlgorithmProtocols;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.gateway.assembly.AssemblerOptions;
import org.varde.gateway.assembly.AssemblyMetrics;
import org.varde.gateway.assembly.MppsCompletion;
import org.varde.gateway.assembly.StudyAssembler;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.delivery.DeliveryHandover;
import org.varde.gateway.delivery.DeliveryMetrics;
import org.varde.gateway.delivery.DeliveryStage;
import org.varde.gateway.delivery.DeliveryStore;
import org.varde.gateway.delivery.StoredResultSource;
import org.varde.gateway.review.ReviewGate;
import org.varde.gateway.review.ReviewMetrics;
import org.varde.gateway.review.ReviewStore;
import org.varde.gateway.dispatch.DispatchMetrics;
import org.varde.gateway.dispatch.Dispatcher;
import org.varde.gateway.dispatch.DispatcherOptions;
import org.varde.gateway.ingest.InstanceJournaledListener;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.JobStore;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.gateway.results.DicomResultReceiver;
import org.varde.gateway.results.ResultMetrics;
import org.varde.gateway.results.ResultRecords;
import org.varde.gateway.results.ResultWaits;
import org.varde.gateway.results.ResultsStage;
import org.varde.gateway.results.RestCallbacks;
import org.varde.gateway.results.RestExchanges;
import org.varde.gateway.results.RestResultFetcher;
import org.varde.gateway.results.DicomWebResultPoller;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.privacy.OriginalIdentity;
import org.varde.gateway.privacy.PseudonymStore;
import org.varde.gateway.privacy.Pseudonymiser;
import org.varde.gateway.privacy.Reidentification;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.audit.JobAudit;
import org.varde.gateway.cleaner.Cleaner;
import org.varde.gateway.cleaner.StudyPurge;
import org.varde.gateway.sites.StudySites;
import org.varde.gateway.usage.UsageLedger;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The pipeline behind ingest, wired: study assembler → {@link StudyRouting} (decisions, jobs) →
 * {@link JobRunner} → {@link Dispatcher} with every protocol's adapter; plus the live configuration and its
 * reloader, and the queue metrics. One per gateway process; all of it shares the journal's pool.
 */
public final class Orchestration {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestration.class);
    /** Dispatches this node runs at once, over all algorithms; each algorithm's own limit applies within. */
    private static final int MAX_IN_FLIGHT = 32;
    private static final long CONFIG_CHECK_MILLIS = 2000;
    private static final long METRICS_REFRESH_MILLIS = 5000;
    /** Deliveries whose backoff passed, jobs whose hand-over or last delivery a stop cut short. */
    private static final long DELIVERY_SWEEP_MILLIS = 5000;
    /** Workitems whose performer ended them, or whose job stopped waiting: checked this often. */
    private static final long WORKLIST_SWEEP_MILLIS = 2000;
    /** A header (all before Pixel Data) larger than this is refused rather than held for pseudonymisation. */
    private static final long MAX_PSEUDONYMISED_HEADER_BYTES = 32L * 1024 * 1024;

    private final Vertx vertx;
    private final Clock clock;
    private final LiveConfig live;
    private final JobStore jobs;
    private final RoutingDecisions decisions;
    private final Dispatcher dispatcher;
    private final JobRunner runner;
    private final Pseudonymiser pseudonymiser;
    private final Reidentification reidentification;
    private final ResultsStage results;
    private final DicomResultReceiver resultReceiver;
    private final RestResultFetcher restFetcher;
    private final DicomWebResultPoller dicomWebPoller;
    private final RestCallbacks restCallbacks;
    private final StudyRouting routing;
    private final StudyAssembler assembler;
    private final ConfigReloader reloader;
    private final OrchestrationMetrics metrics;
    private final StudySites studySites;
    private final DeliveryStage delivery;
    private final ReviewGate reviews;
    private final DeliveryHandover handover;
    private final AuditLog auditLog;
    private final UsageLedger usage;
    /** Null unless {@code audit.syslog} is configured. */
    private final org.varde.gateway.audit.export.AuditExporter auditExporter;
    private final Cleaner cleaner;
    private final org.varde.gateway.worklist.Worklist worklist;
    private long metricsTimer = -1;
    private long auditTimer = -1;
    private java.security.PrivateKey auditKey;
    private String auditKeyId;
    private final org.varde.gateway.audit.AuditCheckpoints auditCheckpoints;

    /** Call on an event loop (the assembler, runner and dispatcher keep the calling context). */
    public Orchestration(Vertx vertx, GatewayConfig config, RoutingConfig routingConfig, JdbcJournal journal,
                         Spool spool, MeterRegistry registry, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        DataSource dataSource = journal.dataSource();
        this.auditCheckpoints = new org.varde.gateway.audit.AuditCheckpoints(dataSource, clock);
        this.live = new LiveConfig(config, routingConfig);
        this.metrics = new OrchestrationMetrics(registry);
        this.decisions = new RoutingDecisions(dataSource);
        this.auditLog = new AuditLog(dataSource, clock, config.node().id(), registry);
        this.usage = new UsageLedger(dataSource, clock);
        this.auditExporter = openAuditExport(config, dataSource, registry);
        // the accountability stages keep their rows from the jobs' moves: disclosures, results, replays
        JobStore store = new ObservedJobStore(new JdbcJobStore(dataSource, config.jobs().backoff(), clock),
                List.of(new JobAudit(auditLog, this::endpointOf), usage));
        PseudonymStore pseudonyms = new PseudonymStore(dataSource, clock);
        this.pseudonymiser = new Pseudonymiser(pseudonyms, spool.root(), MAX_PSEUDONYMISED_HEADER_BYTES);
        this.reidentification = new Reidentification(pseudonyms, new OriginalIdentity(journal, spool)::of,
                MAX_PSEUDONYMISED_HEADER_BYTES, auditLog);
        // the runner wakes for jobs the results stage failed (no result in time), once their retry is due
        ResultWaits waits = new ResultWaits(dataSource);
        ResultMetrics resultMetrics = new ResultMetrics(registry);
        ResultRecords resultRecords = new ResultRecords(dataSource);
        this.results = new ResultsStage(vertx, store, waits, resultRecords,
                () -> live.current().routing().catalogue(), () -> live.current().config().node().id(),
                this::wakeRunnerAt, resultMetrics, clock);
        // IHE AIW-I: the ups protocol's "dispatch" schedules a workitem here; a performer's cancel fails the attempt
        org.varde.gateway.worklist.WorkitemStore workitems = new org.varde.gateway.worklist.WorkitemStore(dataSource);
        this.worklist = new org.varde.gateway.worklist.Worklist(vertx, workitems, store, journal, results::refuse,
                new org.varde.gateway.worklist.Subscriptions(new org.varde.gateway.worklist.SubscriptionStore(dataSource),
                        workitems, clock), config.dispatch().callingAeTitle(), clock);
        this.dispatcher = new Dispatcher(vertx, AlgorithmProtocols.standard().adapters(
                        new AdapterEnvironment(vertx, config.dispatch().callingAeTitle(), worklist)),
                DispatcherOptions.defaults(), new DispatchMetrics(registry));
        this.resultReceiver = new DicomResultReceiver(vertx, spool, results, waits, store, journal,
                () -> live.current().routing().catalogue(), resultMetrics, clock, reidentification);
        // the DICOMweb return path for vendors that keep their result: QIDO-RS, WADO-RS, then the receiver
        this.dicomWebPoller = new DicomWebResultPoller(vertx, waits, store, results, () -> resultReceiver, spool,
                () -> live.current().routing().catalogue(), reidentification, clock);
        results.withPoller(dicomWebPoller::wake);
        this.runner = new JobRunner(vertx, store, journal, spool, new DispatchedInstances(dataSource), dispatcher,
                pseudonymiser, results, live, clock, MAX_IN_FLIGHT);
        DeliveryMetrics deliveryMetrics = new DeliveryMetrics(registry);
        OriginalIdentity originals = new OriginalIdentity(journal, spool);
        // a rejection counts as the reviewer's disagreement in the value figures; every decision is audited
        ReviewStore reviewStore = new ReviewStore(dataSource, new org.varde.gateway.value.RejectionFeedback());
        this.reviews = new ReviewGate(vertx, reviewStore, new ReviewMetrics(registry), clock,
                new org.varde.gateway.audit.ReviewAudit(auditLog, config.node().id()));
        // each delivery that ends is an audit event (a disclosure to PACS or RIS when delivered)
        this.delivery = new DeliveryStage(vertx, new DeliveryStore(dataSource, config.jobs().backoff(), clock)
                        .onFinished(new org.varde.gateway.audit.DeliveryAudit(auditLog, config.node().id())),
                Outputs.open(config.outputs(), new AdapterEnvironment(vertx, config.dispatch().callingAeTitle())),
                Outputs.concurrency(config.outputs()),
                new ReviewedResultSource(new StoredResultSource(resultRecords, journal,
                        study -> originalHeader(originals, study), new DispatchedInstances(dataSource)::forJob),
                        reviewStore),
                deliveryMetrics, config.node().id(), config.jobs().lease(), config.jobs().maxAttempts(), clock);
        this.handover = new DeliveryHandover(vertx, store, resultRecords, delivery, () -> live.current().routing(),
                study -> journal.instancesOfStudy(study).stream().map(org.varde.gateway.store.InstanceRecord::receivedAt)
                        .max(java.time.Instant::compareTo), deliveryMetrics, () -> live.current().config().node().id(), clock);
        handover.reviewGate(reviews);
        results.onReceived(handover::received);
        this.jobs = new WakingJobStore(store, runner::wake);
        // the REST return path: its rows, the fetcher that polls and fetches, the webhook receiver
        RestExchanges restExchanges = new RestExchanges(dataSource);
        this.restFetcher = new RestResultFetcher(vertx, restExchanges, results, spool,
                () -> live.current().routing().catalogue(), reidentification, clock);
        results.withRestExchanges(restExchanges, restFetcher::wake);
        this.restCallbacks = new RestCallbacks(restExchanges, () -> live.current().routing().catalogue(),
                restFetcher::wake, clock);
        this.routing = new StudyRouting(vertx, journal, store, decisions, live, metrics, runner::wake, clock);
        this.assembler = new StudyAssembler(dataSource, vertx, clock, live.completionPolicy(), routing,
                AssemblerOptions.defaults(config.node().id()), new AssemblyMetrics(registry));
        this.reloader = new ConfigReloader(vertx, live, clock);
        this.studySites = new StudySites(dataSource, () -> live.current().config().sites(), clock);
        // the retention purge: images and identity go after the grace, at the hard limit, or early for space
        this.cleaner = new Cleaner(dataSource, spool, auditLog, () -> live.current().config().retention(),
                () -> live.current().config().retention().pressureBelowFreeBytes(live.current().config().storage()),
                spool::freeBytes, clock, config.node().id(), StudyPurge.Interruption.NONE);
    }

    private org.varde.gateway.audit.export.AuditExporter openAuditExport(GatewayConfig config, DataSource dataSource,
                                                                         MeterRegistry registry) {
        var syslog = config.audit().syslog();
        if (syslog == null) {
            return null;
        }
        try {
            return org.varde.gateway.audit.export.AuditExport.open(syslog, dataSource, auditLog, vertx, registry);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("audit.syslog.tls: cannot load the TLS files: " + e.getMessage(), e);
        }
    }

    /**
     * Signs the chain's head and ends the retention of old events, at start and every checkpoint
     * interval (hourly when the chain is not signed: nothing can be removed then, see
     * {@link org.varde.gateway.audit.AuditCheckpoints#prune}).
     */
    private void startAuditUpkeep(org.varde.gateway.config.AuditSettings audit) {
        if (audit.checkpoints() != null) {
            try {
                auditKey = org.varde.gateway.audit.CheckpointKeys.readPrivate(audit.checkpoints().privateKey());
                auditKeyId = org.varde.gateway.audit.CheckpointKeys.keyId(
                        org.varde.gateway.audit.CheckpointKeys.readPublic(audit.checkpoints().publicKey()));
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("audit.checkpoints: cannot read the key pair: " + e.getMessage(), e);
            }
        }
        Runnable upkeep = () -> vertx.executeBlocking(() -> {
            signAuditHead();
            auditCheckpoints.prune(audit.retention(), auditLog);
            return null;
        }, false).onFailure(e -> LOG.warn("audit checkpoint or retention failed, will try again: {}", e.toString()));
        upkeep.run();
        long every = audit.checkpoints() != null ? audit.checkpoints().interval().toMillis() : 3_600_000L;
        auditTimer = vertx.setPeriodic(every, id -> upkeep.run());
    }

    /** Signs the chain's head when a key is configured and the head is not signed yet. Blocking. */
    private void signAuditHead() throws java.sql.SQLException {
        if (auditKey != null) {
            auditCheckpoints.take(auditKey, auditKeyId)
                    .ifPresent(c -> LOG.debug("audit checkpoint signed at seq {}", c.seq()));
        }
    }

    /** Resumes assembly (timers of studies still arriving), starts the runner, the file watch and metrics. */
    public Future<Void> start() {
        return assembler.start()
                .compose(v -> vertx.executeBlocking(() -> {
                    // copies of a dispatch cut short by a crash: nothing may stay behind
                    pseudonymiser.sweepLeftovers();
                    return null;
                }, false))
                .compose(v -> {
                    // before the results stage applies what a stop left: its hand-overs find the lanes running
                    delivery.start(java.time.Duration.ofMillis(DELIVERY_SWEEP_MILLIS));
                    handover.start(java.time.Duration.ofMillis(DELIVERY_SWEEP_MILLIS));
                    reviews.start(java.time.Duration.ofMillis(DELIVERY_SWEEP_MILLIS));
                    Outputs.warmUp(vertx, live.current().config().outputs());
                    return results.start();
                })
                .compose(v -> reloader.watch(CONFIG_CHECK_MILLIS))
                .map(v -> {
                    runner.start();
                    restFetcher.start();
                    startAuditUpkeep(live.current().config().audit());
                    if (auditExporter != null) {
                        auditExporter.start(live.current().config().audit().syslog().interval());
                    }
                    cleaner.start(vertx);
                    worklist.start(java.time.Duration.ofMillis(WORKLIST_SWEEP_MILLIS));
                    dicomWebPoller.start();
                    metricsTimer = vertx.setPeriodic(METRICS_REFRESH_MILLIS, id -> refreshMetrics());
                    refreshMetrics();
                    LOG.info("orchestration started on node {}: {} algorithms, {} routes", live.current().config().node().id(),
                            live.current().routing().catalogue().algorithms().size(),
                            live.current().routing().routes().routes().size());
                    return null;
                });
    }

    private void refreshMetrics() {
        vertx.executeBlocking(() -> {
            metrics.jobsCounted(jobs.countsByState(), jobs.oldestDuePendingAge(clock.instant()));
            return null;
        }, false).onFailure(e -> LOG.warn("job metrics not refreshed: {}", e.toString()));
    }

    /** Ingest's hook: the assembler records each journaled instance before the C-STORE is answered. */
    public InstanceJournaledListener ingestListener() {
        return new InstanceJournaledListener() {
            @Override
            public void journaled(InstanceRecord instance) throws SQLException {
                // the study's site first: every figure, usage row and audit event of it carries the site
                studySites.assign(instance.studyInstanceUid(), instance.callingAeTitle(), instance.institutionName());
                assembler.instanceStoredOnWorker(instance);
            }

            /**
             * The arrival goes into the journal's transaction: one commit per instance, never a row
             * without its arrival. The site is still given first (its own connection, once per study).
             */
            @Override
            public Journal.SameTransaction<AfterCommit> inJournalTransaction() {
                return (c, instance) -> {
                    studySites.assign(instance.studyInstanceUid(), instance.callingAeTitle(), instance.institutionName());
                    return assembler.arriveIn(c, instance)::settle;
                };
            }
        };
    }

    /** The hash-chained audit log in the store. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** The retention purge (the cleaner stage): its policy, what is held, its runs. */
    public Cleaner cleaner() {
        return cleaner;
    }

    /** One row per (algorithm, study, generation) a vendor processed. */
    public UsageLedger usage() {
        return usage;
    }

    /** Where an algorithm's vendor is reached, for the audit of a disclosure (the catalogue in force). */
    private String endpointOf(String algorithmId) {
        return live.current().routing().catalogue().find(algorithmId)
                .map(a -> a.endpoint().protocol() + " " + a.endpoint().describe()).orElse(null);
    }

    /** The site each study was given at arrival. */
    public StudySites studySites() {
        return studySites;
    }

    /**
     * The DICOM listener's C-STORE handler: a vendor's results (called on the results AE title, or
     * calling with a catalogue endpoint's AE title) to the results stage, everything else to {@code ingest}.
     */
    public CStoreHandler inboundStores(CStoreHandler ingest) {
        return new InboundStores(live.current().config().dispatch().resultsAeTitle(), resultReceiver, ingest);
    }

    public MppsCompletion mppsHandler() {
        return new MppsCompletion(assembler);
    }

    /** The way back for results of algorithms that received pseudonymised copies (for the results stage). */
    public Reidentification reidentification() {
        return reidentification;
    }

    public JobStore jobStore() {
        return jobs;
    }

    public StudyAssembler studyAssembler() {
        return assembler;
    }

    /** The configuration in force: what the files said at start-up, with live changes since applied. */
    public GatewayConfig config() {
        return live.current().config();
    }

    public RoutingConfig routing() {
        return live.current().routing();
    }

    public Future<List<RecordedDecision>> decisions(String studyInstanceUid) {
        return vertx.executeBlocking(() -> decisions.forStudy(studyInstanceUid), false);
    }

    public Future<ConfigStatus> reloadConfig() {
        return reloader.reload();
    }

    public ConfigStatus configStatus() {
        return reloader.status();
    }

    private void wakeRunnerAt(java.time.Instant due) {
        runner.wakeAt(due);
    }

    /** The UPS worklist of the ups protocol (IHE AIW-I). */
    public org.varde.gateway.worklist.Worklist worklist() {
        return worklist;
    }

    public ResultsStage results() {
        return results;
    }

    /** REST vendors' webhooks, for the HTTP API. */
    public RestCallbacks restCallbacks() {
        return restCallbacks;
    }

    /** Matches, keeps and normalises what vendors send back, by DICOM or by STOW-RS. */
    public DicomResultReceiver resultReceiver() {
        return resultReceiver;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** The review gate: held results and reviewers' decisions (issue 12). */
    public ReviewGate reviews() {
        return reviews;
    }

    /** The delivery stage: its rows, and the operator's replay. */
    public DeliveryStage delivery() {
        return delivery;
    }

    private static java.util.Optional<org.varde.dicom.data.Attributes> originalHeader(OriginalIdentity originals,
                                                                                     String studyInstanceUid) {
        try {
            return java.util.Optional.of(originals.of(studyInstanceUid));
        } catch (org.varde.gateway.privacy.PrivacyException gone) {
            return java.util.Optional.empty();
        }
    }

    /** Stops the timers and the runner, then lets dispatches on the wire end. */
    public Future<Void> stop() {
        if (metricsTimer >= 0) {
            vertx.cancelTimer(metricsTimer);
        }
        reloader.close();
        if (auditTimer >= 0) {
            vertx.cancelTimer(auditTimer);
        }
        // what happened up to the stop is signed now rather than at the next start
        Future<Void> signed = auditKey == null ? Future.succeededFuture()
                : vertx.<Void>executeBlocking(() -> {
                    signAuditHead();
                    return null;
                }, false).otherwiseEmpty();
        if (auditExporter != null) {
            auditExporter.close();
        }
        cleaner.close();
        runner.close();
        restFetcher.close();
        worklist.close();
        dicomWebPoller.close();
        results.close();
        reviews.close();
        handover.close();
        delivery.close();
        assembler.close();
        return signed.compose(v -> dispatcher.close());
    }
}
