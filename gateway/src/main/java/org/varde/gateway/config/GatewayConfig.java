package org.varde.gateway.config;

import org.varde.gateway.sites.Sites;
import org.varde.gateway.value.WatchSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration of one gateway, validated.
 *
 * @param outputs where results are delivered (the {@code outputs:} section)
 * @param audit   where the audit log is also sent (the {@code audit:} section)
 * @param retention how long images and identity are kept (the {@code retention:} section)
 * @param watch     the algorithm watch's windows: drift, silence (the {@code value.watch:} block)
 * @param source the file it was read from (what a reload reads again), or null when built in code
 */
public record GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                            NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                            JobSettings jobs, DispatchSettings dispatch, Path source, Sites sites,
                            OutputSettings outputs, AuditSettings audit, RetentionSettings retention,
                            WatchSettings watch) {

    public GatewayConfig {
        sites = sites == null ? Sites.NONE : sites;
        outputs = outputs == null ? OutputSettings.NONE : outputs;
        audit = audit == null ? AuditSettings.NONE : audit;
        retention = retention == null ? RetentionSettings.DEFAULTS : retention;
        watch = watch == null ? WatchSettings.DEFAULTS : watch;
    }

    /** Without a {@code value.watch:} block: the default windows. */
    public GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                         NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                         JobSettings jobs, DispatchSettings dispatch, Path source, Sites sites,
                         OutputSettings outputs, AuditSettings audit, RetentionSettings retention) {
        this(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites, outputs, audit,
                retention, WatchSettings.DEFAULTS);
    }

    /** Without a {@code retention:} block: the default grace and hard limit. */
    public GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                         NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                         JobSettings jobs, DispatchSettings dispatch, Path source, Sites sites,
                         OutputSettings outputs, AuditSettings audit) {
        this(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites, outputs, audit,
                RetentionSettings.DEFAULTS);
    }

    /** Without an {@code audit:} block: the audit log stays in the store only. */
    public GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                         NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                         JobSettings jobs, DispatchSettings dispatch, Path source, Sites sites,
                         OutputSettings outputs) {
        this(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites, outputs,
                AuditSettings.NONE);
    }

    /** Without an {@code outputs:} block: results are recorded and delivered nowhere. */
    public GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                         NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                         JobSettings jobs, DispatchSettings dispatch, Path source, Sites sites) {
        this(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites, OutputSettings.NONE);
    }

    /** Without a {@code sites:} block: every study is {@link Sites#UNASSIGNED}. */
    public GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store,
                         NodeSettings node, RoutingSettings routing, CompletionDefaults completion,
                         JobSettings jobs, DispatchSettings dispatch, Path source) {
        this(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, Sites.NONE);
    }

    /** Defaults with a storage folder and ephemeral ports: what tests start from. API tokens go in the store. */
    public static GatewayConfig forTests(Path storageDir) {
        // no free-space guard: tests run on whatever disk the machine has; the guard's own test sets it
        StorageSettings storage = new StorageSettings(storageDir.toAbsolutePath(), true, 0,
                StorageSettings.DEFAULT_MAX_INSTANCE_BYTES);
        return new GatewayConfig(
                // tests send from many AE titles: any caller, chosen explicitly (a config file denies by default)
                new DicomSettings("VARDE", "127.0.0.1", 0, 64, List.of(), true, ConfigLoader.DEFAULT_MAX_PDU_LENGTH,
                        List.of()),
                HttpSettings.on("127.0.0.1", 0),
                storage,
                new StoreSettings(StoreSettings.embeddedUrl(storage), "sa", ""),
                new NodeSettings(NodeSettings.defaultId()), RoutingSettings.NONE, CompletionDefaults.DEFAULTS,
                JobSettings.DEFAULTS, DispatchSettings.DEFAULTS, null);
    }

    public GatewayConfig withDicom(DicomSettings newDicom) {
        return new GatewayConfig(newDicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withHttp(HttpSettings newHttp) {
        return new GatewayConfig(dicom, newHttp, storage, store, node, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    /** Storage limits or fsync changed in place; use {@link #withStorageDir} to move it (the database moves with it). */
    public GatewayConfig withStorage(StorageSettings newStorage) {
        if (!newStorage.dir().equals(storage.dir())) {
            throw new IllegalArgumentException("use withStorageDir to move storage");
        }
        return new GatewayConfig(dicom, http, newStorage, store, node, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withStore(StoreSettings newStore) {
        return new GatewayConfig(dicom, http, storage, newStore, node, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withNode(NodeSettings newNode) {
        return new GatewayConfig(dicom, http, storage, store, newNode, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withRouting(RoutingSettings newRouting) {
        return new GatewayConfig(dicom, http, storage, store, node, newRouting, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withCompletion(CompletionDefaults newCompletion) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, newCompletion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withJobs(JobSettings newJobs) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, newJobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withSource(Path file) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, file, sites, outputs, audit, retention, watch);
    }

    public GatewayConfig withAudit(AuditSettings newAudit) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites,
                outputs, newAudit, retention, watch);
    }

    public GatewayConfig withOutputs(OutputSettings newOutputs) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites,
                newOutputs, audit, retention, watch);
    }

    /** The {@code sites:} block (a reload applies it to studies arriving from then on). */
    public GatewayConfig withSites(Sites newSites) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source,
                newSites, outputs, audit, retention, watch);
    }

    /** Moves storage elsewhere; an embedded journal database moves with it, an external one stays. */
    public GatewayConfig withStorageDir(Path dir) {
        StorageSettings moved = storage.withDir(dir.toAbsolutePath().normalize());
        boolean embedded = store.url().equals(StoreSettings.embeddedUrl(storage));
        StoreSettings newStore = embedded ? new StoreSettings(StoreSettings.embeddedUrl(moved), store.user(),
                store.password(), store.sslModeOrNull(), store.commitDelay()) : store;
        return new GatewayConfig(dicom, http, moved, newStore, node, routing, completion, jobs, dispatch, source, sites, outputs, audit, retention, watch);
    }

    /** The {@code retention:} block. */
    public GatewayConfig withRetention(RetentionSettings newRetention) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites,
                outputs, audit, newRetention, watch);
    }

    /** The {@code value.watch:} block. */
    public GatewayConfig withWatch(WatchSettings newWatch) {
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, source, sites,
                outputs, audit, retention, newWatch);
    }
}
