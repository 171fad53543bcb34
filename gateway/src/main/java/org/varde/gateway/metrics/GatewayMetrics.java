package org.varde.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.AssociationInfo;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.RejectReason;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The gateway's Prometheus metrics: associations as the DICOM listener reports them, and instances
 * as ingest stores them. Label values are configured AE titles or {@code other} ({@link CallerLabels}),
 * reject reasons and status codes: bounded sets, none chosen by a peer.
 */
public final class GatewayMetrics implements AssociationListener {
    private final PrometheusMeterRegistry registry;
    private final CallerLabels callers;
    private final AtomicInteger activeAssociations = new AtomicInteger();
    private final Counter bytesReceived;
    private final Timer storeLatency;
    private final Timer commitLatency;
    private LongSupplier quarantinedFiles = () -> -1;
    private final ConcurrentMap<String, Timer> stages = new ConcurrentHashMap<>();

    /** Every caller labelled {@code other}: for tests and tools that configure no callers. */
    public GatewayMetrics() {
        this(CallerLabels.NONE);
    }

    public GatewayMetrics(CallerLabels callers) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), callers);
    }

    public GatewayMetrics(PrometheusMeterRegistry registry, CallerLabels callers) {
        this.registry = registry;
        this.callers = callers;
        Gauge.builder("varde.dicom.associations.active", activeAssociations, AtomicInteger::get)
                .description("DICOM associations open now").register(registry);
        bytesReceived = Counter.builder("varde.ingest.bytes").baseUnit("bytes")
                .description("data set bytes of instances stored in the spool").register(registry);
        storeLatency = Timer.builder("varde.ingest.store.latency")
                .description("from the first data set byte to the stored and journaled instance")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        commitLatency = Timer.builder("varde.ingest.commit.latency")
                .description("from the last data set byte to the stored and journaled instance: parse, fsync, rename, journal")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Reports the spool's free space on every scrape. */
    public void watchSpoolFreeBytes(LongSupplier freeBytes) {
        // strongReference: Micrometer holds gauge state weakly, and nothing else holds this lambda
        Gauge.builder("varde.spool.free", freeBytes, s -> s.getAsLong()).baseUnit("bytes").strongReference(true)
                .description("usable bytes on the spool's file system").register(registry);
    }

    /**
     * The spool's size and the free space below which ingest refuses ({@code storage.minFreeBytes}), so
     * that an alert can say "nearly full" relative to them rather than to a number guessed per site.
     */
    public void watchSpoolCapacity(LongSupplier totalBytes, long minFreeBytes) {
        Gauge.builder("varde.spool.total", totalBytes, s -> s.getAsLong()).baseUnit("bytes").strongReference(true)
                .description("size of the spool's file system").register(registry);
        Gauge.builder("varde.spool.min.free", () -> minFreeBytes).baseUnit("bytes")
                .description("storage.minFreeBytes: below this much free space new instances are refused (0: off)")
                .register(registry);
    }

    /** Reports the number of quarantined files on every scrape, and keeps it for /health. */
    public void watchQuarantinedFiles(LongSupplier count) {
        quarantinedFiles = count;
        Gauge.builder("varde.quarantine.files", count, s -> s.getAsLong()).strongReference(true)
                .description("files in the quarantine folder now (conflicts, spool files that could not be journaled)")
                .register(registry);
    }

    /** Files in the quarantine now, -1 when unknown. Reads the folder: call it off the event loop. */
    public long quarantinedFiles() {
        return quarantinedFiles.getAsLong();
    }

    /** The start-up reconcile moved this many spool files to the quarantine. */
    public void filesQuarantined(int count) {
        registry.counter("varde.quarantine.admitted", "source", "reconcile").increment(count);
    }

    /**
     * A resend whose patient or study differs from the stored instance: kept aside, never replacing
     * it. An alert: nothing else tells the department that two patients share a SOP Instance UID.
     */
    public void instanceConflict() {
        registry.counter("varde.ingest.conflicts").increment();
        registry.counter("varde.quarantine.admitted", "source", "conflict").increment();
    }

    /**
     * {@code varde_tls_certificate_expiry_seconds{name}}: when the certificate a listener serves now
     * expires, as Unix time, like the blackbox exporter's {@code probe_ssl_earliest_cert_expiry}; an
     * alert compares it with {@code time()}. The label is the listener's name from code ({@code dicom},
     * {@code http}), never from a peer.
     */
    public void watchCertificate(String name, java.util.function.Supplier<java.security.cert.X509Certificate> current) {
        Gauge.builder("varde.tls.certificate.expiry", current, c -> c.get().getNotAfter().getTime() / 1000.0)
                .baseUnit("seconds").tag("name", name).strongReference(true)
                .description("Unix time at which the certificate a TLS listener serves now expires").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition; reads the spool gauge, so call it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }

    public int activeAssociations() {
        return activeAssociations.get();
    }

    @Override
    public void accepted(AssociationInfo association) {
        activeAssociations.incrementAndGet();
        registry.counter("varde.dicom.associations", "calling_ae", callers.label(association.callingAeTitle())).increment();
    }

    @Override
    public void ended(AssociationInfo association, boolean released) {
        activeAssociations.decrementAndGet();
    }

    @Override
    public void rejected(String callingAeTitle, String remoteHost, RejectReason reason) {
        registry.counter("varde.dicom.associations.rejected", "reason", reason.name()).increment();
    }

    @Override
    public void aborted(AssociationInfo associationOrNull, String remoteHost, String why) {
        registry.counter("varde.dicom.associations.aborted").increment();
    }

    /** No label: the remote address is the peer's choice, and a flood would grow the registry. */
    @Override
    public void connectionRefused(String remoteHost) {
        registry.counter("varde.dicom.connections.refused").increment();
    }

    public void instanceCommitted(long elapsedNanos) {
        commitLatency.record(Duration.ofNanos(elapsedNanos));
    }

    /**
     * {@code varde_ingest_stage_seconds{stage}}: where an instance's time goes on its way to "durable
     * and journaled" (docs/performance.md names the stages). Stage names come from code, a bounded set.
     */
    public void ingestStage(String stage, long elapsedNanos) {
        stages.computeIfAbsent(stage, s -> Timer.builder("varde.ingest.stage").tag("stage", s)
                .description("time an ingested instance spent in one stage (sum and count per stage)")
                .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    public void instanceStored(String callingAeTitle, long dataSetBytes, long elapsedNanos) {
        registry.counter("varde.ingest.instances", "calling_ae", callers.label(callingAeTitle)).increment();
        bytesReceived.increment(dataSetBytes);
        storeLatency.record(Duration.ofNanos(elapsedNanos));
    }

    public void instanceRefused(Status status) {
        registry.counter("varde.ingest.refused", "status", status.toString()).increment();
    }
}
