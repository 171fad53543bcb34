package org.varde.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.jobs.LeaseLostException;
import org.varde.gateway.priority.PriorityPolicy;
import org.varde.gateway.results.ResultJson;
import org.varde.gateway.results.ResultRecords;
import org.varde.gateway.results.ResultState;
import org.varde.gateway.results.StoredResult;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.RoutingConfig;

import io.vertx.core.Vertx;

/**
 * Where a job's result becomes deliveries: a job in RESULT_RECEIVED gets one delivery per output its
 * route (or else its algorithm) lists, in the route's mode, with the priority its algorithm's policy
 * decides, and moves to DELIVERING; once every delivery of its result is final (delivered, kept on a
 * shadow route, or dead-lettered) it is DONE. Each step is idempotent and a sweep redoes what a stop
 * cut short: a result received just before a crash is handed over at the next start, a job whose last
 * delivery finished while the node went down is finished by the next sweep.
 */
public final class DeliveryHandover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandover.class);
    private static final int SWEEP_BATCH = 200;

    private final Vertx vertx;
    private final JobStore jobs;
    private final ResultRecords results;
    private final DeliveryStage stage;
    private final Supplier<RoutingConfig> routing;
    private final java.util.function.Function<String, Optional<Instant>> lastInstanceReceived;
    private final DeliveryMetrics metrics;
    private final Supplier<String> nodeId;
    private final Clock clock;
    private long sweepTimer = -1;

    /**
     * @param lastInstanceReceived when the last instance of a study arrived (the journal), for the
     *                             end-to-end metric
     */
    public DeliveryHandover(Vertx vertx, JobStore jobs, ResultRecords results, DeliveryStage stage,
                            Supplier<RoutingConfig> routing,
                            java.util.function.Function<String, Optional<Instant>> lastInstanceReceived, DeliveryMetrics metrics,
                            Supplier<String> nodeId, Clock clock) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.results = results;
        this.stage = stage;
        this.routing = routing;
        this.lastInstanceReceived = lastInstanceReceived;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.clock = clock;
        stage.onFinished(this::finished);
    }

    /** Sweeps once now (what a stop left behind), then every {@code every}. */
    public void start(Duration every) {
        vertx.executeBlocking(() -> {
            sweep();
            return null;
        }, false).onFailure(e -> LOG.warn("delivery hand-over sweep failed: {}", e.toString()));
        sweepTimer = vertx.setPeriodic(every.toMillis(), id -> vertx.executeBlocking(() -> {
            sweep();
            return null;
        }, false).onFailure(e -> LOG.warn("delivery hand-over sweep failed: {}", e.toString())));
    }

    /** The results stage's hook: hands the result over on a worker, leaving the vendor's answer unheld. */
    public void received(StoredResult result) {
        vertx.executeBlocking(() -> {
            handOver(result);
            return null;
        }, false).onFailure(e -> LOG.warn("result {}: hand-over to delivery failed, the sweep retries: {}",
                result.id(), e.toString()));
    }

    /** Jobs with a result and no deliveries yet, and delivering jobs whose deliveries are all final. Blocking. */
    public void sweep() {
        for (Job job : jobs.find(JobState.RESULT_RECEIVED, SWEEP_BATCH)) {
            results.forJob(job.id()).stream().filter(r -> r.state() == ResultState.RECEIVED).findFirst()
                    .ifPresentOrElse(this::handOver, () -> LOG.warn("job {} is RESULT_RECEIVED without a received result",
                            job.id()));
        }
        for (Job job : jobs.find(JobState.DELIVERING, SWEEP_BATCH)) {
            results.forJob(job.id()).stream().filter(r -> r.state() == ResultState.RECEIVED).findFirst()
                    .ifPresent(r -> completeIfDone(job.id(), r.id()));
        }
    }

    /** Creates the result's deliveries and moves its job to DELIVERING (then DONE if nothing is left). Blocking. */
    public void handOver(StoredResult r) {
        Optional<Job> found = jobs.get(r.jobId());
        if (found.isEmpty() || found.get().state() != JobState.RESULT_RECEIVED) {
            return;   // handed over already (by this node's hook or another node's sweep)
        }
        Job job = found.get();
        RoutingConfig config = routing.get();
        Optional<Algorithm> algorithm = config.catalogue().find(job.algorithmId());
        List<String> sinks = algorithm.map(a -> outputs(config, job, a)).orElse(List.of());
        PriorityPolicy policy = algorithm.map(a -> a.outputs().priority()).orElse(PriorityPolicy.VENDOR);
        if (algorithm.isEmpty()) {
            LOG.warn("job {}: algorithm {} is no longer in the catalogue; its result is delivered nowhere", job.id(),
                    job.algorithmId());
        }
        DeliveryMode mode = job.mode() == RouteMode.SHADOW ? DeliveryMode.SHADOW : DeliveryMode.CLINICAL;
        List<Delivery> created = stage.accept(new DeliveryStage.ReadyResult(r.id(), 1, job.id(), job.studyInstanceUid(),
                job.algorithmId(), ResultJson.read(r.result()), mode, sinks, policy, Optional.empty()));
        String detail = created.isEmpty() ? "result " + r.id() + ": no outputs configured for it, nothing to deliver"
                : "result " + r.id() + " handed to delivery (" + mode.name().toLowerCase(java.util.Locale.ROOT) + "): "
                + created.stream().map(Delivery::sink).collect(Collectors.joining(", "))
                + created.get(0).priority().map(p -> "; asks for priority " + p.fhirCode()).orElse("; no priority change");
        try {
            jobs.advance(job.id(), JobState.RESULT_RECEIVED, JobState.DELIVERING, actor(), detail);
        } catch (LeaseLostException moved) {
            LOG.debug("job {}: handed over by another node meanwhile: {}", job.id(), moved.getMessage());
            return;
        }
        completeIfDone(job.id(), r.id());
    }

    /** A delivery became final: its job may be done, and a delivered one is timed end to end. */
    private void finished(Delivery d) {
        if (d.state() == DeliveryState.DELIVERED) {
            lastInstanceReceived.apply(d.studyInstanceUid()).ifPresent(last -> metrics.endToEnd(d.sink(),
                    Duration.between(last, d.finishedAt() == null ? clock.instant() : d.finishedAt()),
                    d.priority().isPresent()));
        }
        completeIfDone(d.jobId(), d.resultId());
    }

    private void completeIfDone(String jobId, String resultId) {
        List<Delivery> deliveries = stage.store().forResult(resultId);
        if (!deliveries.stream().allMatch(d -> d.state().isFinished())) {
            return;
        }
        String summary = deliveries.isEmpty() ? "nothing to deliver"
                : "every delivery is final: " + deliveries.stream().map(d -> d.sink() + " " + d.state().name())
                .collect(Collectors.joining(", "));
        try {
            jobs.advance(jobId, JobState.DELIVERING, JobState.DONE, actor(), summary);
            LOG.info("job {} DONE: {}", jobId, summary);
        } catch (LeaseLostException notDelivering) {
            // not handed over yet (the hand-over finishes it) or finished already: nothing to do
            LOG.debug("job {}: {}", jobId, notDelivering.getMessage());
        }
    }

    private static List<String> outputs(RoutingConfig config, Job job, Algorithm algorithm) {
        return config.routes().routes().stream().filter(route -> route.name().equals(job.routeName())).findFirst()
                .map(route -> route.outputsFor(algorithm)).orElse(algorithm.outputs().outputs());
    }

    private String actor() {
        return "delivery@" + nodeId.get();
    }

    @Override
    public void close() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }
}
