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
import org.varde.gateway.routing.ReviewPolicy;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.review.Review;
import org.varde.gateway.review.ReviewGate;
import org.varde.gateway.review.ReviewOutlet;
import org.varde.gateway.review.ReviewStore;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.HumanReview;

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
    private volatile ReviewGate reviews;

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

    /**
     * Creates the result's deliveries and moves its job to DELIVERING (then DONE if nothing is left);
     * or, where its route or algorithm says {@code review: required}, holds it for review in
     * AWAITING_REVIEW and creates nothing (issue 12): the single point where a received result becomes
     * deliveries, so no path around the gate exists. Blocking.
     */
    public void handOver(StoredResult r) {
        Optional<Job> found = jobs.get(r.jobId());
        if (found.isEmpty() || found.get().state() != JobState.RESULT_RECEIVED) {
            return;   // handed over already (by this node's hook or another node's sweep)
        }
        Job job = found.get();
        RoutingConfig config = routing.get();
        Optional<Algorithm> algorithm = config.catalogue().find(job.algorithmId());
        ReviewPolicy review = algorithm.map(a -> reviewPolicy(config, job, a)).orElse(ReviewPolicy.NONE);
        if (review.required() && job.mode() != RouteMode.SHADOW && reviews != null) {
            hold(job, r, review);
            return;
        }
        deliver(job, r, JobState.RESULT_RECEIVED, Optional.empty(), "");
    }

    /** Holds the result for review: a review row, the job AWAITING_REVIEW, nothing delivered. */
    private void hold(Job job, StoredResult r, ReviewPolicy policy) {
        Review held = reviews.hold(new ReviewStore.Hold(r.id(), job.id(), job.studyInstanceUid(), job.algorithmId(),
                job.routeName(), policy));
        try {
            jobs.advance(job.id(), JobState.RESULT_RECEIVED, JobState.AWAITING_REVIEW, actor(), "result " + r.id()
                    + " held for review " + held.id() + ": nothing is delivered until a reviewer decides (alert after "
                    + policy.alertAfter().toMinutes() + " min, on timeout " + policy.onTimeout().word() + ")");
        } catch (LeaseLostException moved) {
            LOG.debug("job {}: moved by another node meanwhile: {}", job.id(), moved.getMessage());
        }
    }

    /**
     * Creates the deliveries of {@code r} and moves the job from {@code from} to DELIVERING.
     *
     * @param chosen a reviewer's priority, instead of the policy's; empty when nobody chose
     */
    private void deliver(Job job, StoredResult r, JobState from, Optional<Optional<WorklistPriority>> chosen,
                         String why) {
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
                job.algorithmId(), ResultJson.read(r.result()), mode, sinks, policy, Optional.empty(), chosen));
        String detail = created.isEmpty() ? "result " + r.id() + ": no outputs configured for it, nothing to deliver"
                : "result " + r.id() + " handed to delivery (" + mode.name().toLowerCase(java.util.Locale.ROOT) + "): "
                + created.stream().map(Delivery::sink).collect(Collectors.joining(", "))
                + created.get(0).priority().map(p -> "; asks for priority " + p.fhirCode()).orElse("; no priority change");
        try {
            jobs.advance(job.id(), from, JobState.DELIVERING, actor(), why + detail);
        } catch (LeaseLostException moved) {
            LOG.debug("job {}: handed over by another node meanwhile: {}", job.id(), moved.getMessage());
            return;
        }
        completeIfDone(job.id(), r.id());
    }

    /**
     * The review gate's way back in (issue 12): an approved or released result gets its deliveries, a
     * rejected one ends its job with nothing delivered. Idempotent: a job no longer AWAITING_REVIEW was
     * handed on already.
     */
    private final class Outlet implements ReviewOutlet {
        @Override
        public void deliver(Review review, HumanReview human, Optional<Review.PriorityChoice> priority) {
            Optional<Job> job = jobs.get(review.jobId());
            if (job.isEmpty() || job.get().state() != JobState.AWAITING_REVIEW) {
                return;
            }
            Optional<StoredResult> result = results.forJob(review.jobId()).stream()
                    .filter(x -> x.id().equals(review.resultId())).findFirst();
            if (result.isEmpty()) {
                LOG.warn("review {}: result {} is gone; nothing to deliver", review.id(), review.resultId());
                return;
            }
            String why = human.approved() ? "approved by " + human.reviewer() + "; "
                    : "released without review after " + human.waited().toMinutes() + " min (onTimeout: release); ";
            DeliveryHandover.this.deliver(job.get(), result.get(), JobState.AWAITING_REVIEW,
                    priority.map(Review.PriorityChoice::priority), why);
        }

        @Override
        public void reject(Review review) {
            try {
                jobs.advance(review.jobId(), JobState.AWAITING_REVIEW, JobState.DONE, actor(), "result "
                        + review.resultId() + " rejected by " + review.reviewer() + ": " + review.reason()
                        + "; nothing clinical delivered");
            } catch (LeaseLostException moved) {
                LOG.debug("job {}: not awaiting review any more: {}", review.jobId(), moved.getMessage());
            }
        }
    }

    /**
     * Puts the review gate in front of the deliveries: results of routes or algorithms with
     * {@code review: required} wait for it. Call before {@link #start}.
     */
    public void reviewGate(ReviewGate gate) {
        this.reviews = gate;
        gate.outlet(new Outlet());
    }

    private static ReviewPolicy reviewPolicy(RoutingConfig config, Job job, Algorithm algorithm) {
        return config.routes().routes().stream().filter(route -> route.name().equals(job.routeName())).findFirst()
                .map(route -> route.reviewFor(algorithm)).orElse(algorithm.outputs().review());
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
