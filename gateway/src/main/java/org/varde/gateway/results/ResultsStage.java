package org.varde.gateway.results;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.ResultCallback;
import org.varde.connectors.algorithm.rest.VendorHandle;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.jobs.LeaseLostException;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The stage after the dispatch: a job that the vendor acknowledged waits (WAITING_RESULT, a row of
 * {@code result_waits} with its deadline) until its result is {@link #accept accepted} (RESULT_RECEIVED,
 * or QUARANTINED when the vendor reports another algorithm version than the approved one) or the
 * deadline passes (a failed attempt: retried after a backoff, dead-lettered at the limit). Results,
 * waits and objects are this stage's own rows; the job's state follows them. Durable at every step:
 * a result recorded before a crash moves its job at the next {@link #start()}.
 *
 * <p>A timer waits for the earliest deadline this node knows; a slow sweep catches waits other nodes
 * wrote. State lives on one context; JDBC runs on workers.
 */
public final class ResultsStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsStage.class);
    private static final long SWEEP_MILLIS = 5_000;
    private static final int DUE_BATCH = 100;

    private final Vertx vertx;
    private final Context context;
    private final JobStore jobs;
    private final ResultWaits waits;
    private final ResultRecords records;
    private final Supplier<AlgorithmCatalogue> catalogue;
    private final Supplier<String> nodeId;
    private final Consumer<Instant> retryDue;
    private final ResultMetrics metrics;
    private final Clock clock;
    private long deadlineTimer = -1;
    private Instant scheduledFor;
    private long sweepTimer = -1;
    private boolean closed;
    private RestExchanges restExchanges;
    private Runnable wakeRestFetcher = () -> { };
    private Runnable wakePoller = () -> { };
    private volatile Consumer<StoredResult> received = r -> { };

    /**
     * @param retryDue told when a job failed here is due again, so the dispatch runner wakes for it
     */
    public ResultsStage(Vertx vertx, JobStore jobs, ResultWaits waits, ResultRecords records,
                        Supplier<AlgorithmCatalogue> catalogue, Supplier<String> nodeId, Consumer<Instant> retryDue,
                        ResultMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.jobs = jobs;
        this.waits = waits;
        this.records = records;
        this.catalogue = catalogue;
        this.nodeId = nodeId;
        this.retryDue = retryDue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Told of each result whose job reached RESULT_RECEIVED, on the worker that moved it: the delivery
     * stage's hand-over. Not told of quarantined results. Set before {@link #start()}.
     */
    public void onReceived(Consumer<StoredResult> listener) {
        this.received = listener;
    }

    /** Moves on jobs whose result was recorded before a stop, then starts the deadline timer and the sweep. */
    public Future<Void> start() {
        return this.<Void>blocking(() -> {
            for (StoredResult r : records.unapplied()) {
                apply(r);
            }
            return null;
        }).onComplete(done -> {
            sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> expireDue());
            expireDue();
        });
    }

    /**
     * Blocking, called by the dispatch runner when the vendor acknowledged the job and before the job
     * moves to WAITING_RESULT: a crash in between leaves a wait for a job the lease expiry will retry.
     */
    public Instant expect(Job job, Algorithm algorithm) {
        Instant now = clock.instant();
        Instant deadline = now.plus(algorithm.resultTimeout());
        waits.expect(job.id(), job.algorithmId(), job.studyInstanceUid(), deadline, now);
        context.runOnContext(v -> scheduleFor(deadline));
        return deadline;
    }

    /**
     * Where REST vendors' answers are kept ({@code rest_exchanges}) and who fetches their results;
     * set once while wiring, before {@link #start()}.
     */
    public ResultsStage withRestExchanges(RestExchanges exchanges, Runnable wakeFetcher) {
        this.restExchanges = exchanges;
        this.wakeRestFetcher = wakeFetcher;
        return this;
    }

    /**
     * Blocking, before a dispatch: a fresh webhook secret for this attempt of the job when the
     * algorithm's endpoint wants a callback (its hash replaces any earlier attempt's), else null.
     */
    public ResultCallback callbackFor(Job job, Algorithm algorithm) {
        if (restExchanges == null || !algorithm.endpoint().wantsResultCallback()) {
            return null;
        }
        String secret = CallbackSecrets.newSecret();
        restExchanges.open(job.id(), job.algorithmId(), CallbackSecrets.hash(secret), clock.instant());
        return new ResultCallback(job.id(), secret);
    }

    /**
     * {@link #expect(Job, Algorithm)}, keeping what the vendor answered that tells where its result
     * will be (a REST vendor's status and result URLs).
     */
    public Instant expect(Job job, Algorithm algorithm, Map<String, String> vendorHandle) {
        Instant deadline = expect(job, algorithm);
        if (restExchanges != null && !vendorHandle.isEmpty()) {
            Instant now = clock.instant();
            restExchanges.answered(job.id(), job.algorithmId(), vendorHandle.get(VendorHandle.STATUS_URL),
                    vendorHandle.get(VendorHandle.RESULT_URL), "true".equals(vendorHandle.get(VendorHandle.READY)),
                    now, now.plusSeconds(checkAfterSeconds(vendorHandle)));
        }
        return deadline;
    }

    private static long checkAfterSeconds(Map<String, String> vendorHandle) {
        try {
            return Math.max(0, Long.parseLong(vendorHandle.getOrDefault(VendorHandle.CHECK_AFTER_SECONDS, "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Who asks DICOMweb vendors for their results; set once while wiring, before {@link #start()}. */
    public ResultsStage withPoller(Runnable wake) {
        this.wakePoller = wake;
        return this;
    }

    /** The job now rests in WAITING_RESULT: a result that is ready already may be fetched. */
    public void waiting(Job job) {
        wakeRestFetcher.run();
        wakePoller.run();
    }

    /**
     * Records {@code result} as the result of {@code jobId} and moves the job on. Blocking: call on a
     * worker (a C-STORE handler's commit step, an HTTP handler's executeBlocking).
     *
     * @param objectIds the {@code result_objects} rows it came in, now tied to it
     * @throws ResultRefusedException when the job does not wait for a result
     */
    public StoredResult accept(String jobId, AlgorithmResult result, String protocol, List<Long> objectIds)
            throws ResultRefusedException {
        Job job = jobs.get(jobId).orElseThrow(() -> new ResultRefusedException("no job " + jobId));
        if (job.state() != JobState.WAITING_RESULT) {
            throw new ResultRefusedException("job " + jobId + " is " + job.state() + ", it waits for no result");
        }
        if (!job.studyInstanceUid().equals(result.studyInstanceUid())) {
            throw new ResultRefusedException("the result is about study " + result.studyInstanceUid()
                    + ", job " + jobId + " about " + job.studyInstanceUid());
        }
        String approved = catalogue.get().find(job.algorithmId()).map(Algorithm::approvedVersion).orElse("");
        ResultState state = approved.equals(result.reportedVersion()) ? ResultState.RECEIVED : ResultState.QUARANTINED;
        StoredResult stored = new StoredResult(UUID.randomUUID().toString(), jobId, job.algorithmId(),
                job.studyInstanceUid(), state, result.status().name().toLowerCase(Locale.ROOT), result.reportedName(),
                result.reportedVersion(), approved, ResultJson.of(result), protocol, clock.instant());
        records.record(stored, objectIds);
        apply(stored);
        return stored;
    }

    /**
     * A result for {@code jobId} that cannot be used (unparseable, enormous, about another patient):
     * a failed attempt of the job with {@code why} in its history, retried or dead-lettered as usual.
     * Blocking.
     */
    public void refuse(String jobId, String algorithmId, String why) {
        metrics.refused(algorithmId);
        try {
            Job after = jobs.failHandedOver(jobId, JobState.WAITING_RESULT, actor(), "result refused: " + why);
            waits.remove(jobId);
            afterFailure(after);
        } catch (LeaseLostException moved) {
            LOG.warn("job {}: result refused ({}), but the job no longer waits: {}", jobId, why, moved.getMessage());
        }
    }

    /** The job moves to RESULT_RECEIVED or QUARANTINED after its result was recorded. */
    private void apply(StoredResult r) {
        JobState to = r.state() == ResultState.RECEIVED ? JobState.RESULT_RECEIVED : JobState.QUARANTINED;
        String detail = r.state() == ResultState.RECEIVED
                ? "result " + r.id() + " received (" + r.verdict() + ", " + r.reportedName() + " "
                        + r.reportedVersion() + ", by " + r.protocol() + ")"
                : "result " + r.id() + " quarantined: the vendor reported version \"" + r.reportedVersion()
                        + "\", the catalogue approves \"" + r.approvedVersion() + "\"; kept, never delivered";
        try {
            jobs.advance(r.jobId(), JobState.WAITING_RESULT, to, actor(), detail);
        } catch (LeaseLostException moved) {
            // another node's timer failed the job a moment earlier: the result stays recorded, the job its retry
            LOG.warn("job {}: result {} recorded but the job no longer waits: {}", r.jobId(), r.id(), moved.getMessage());
            return;
        }
        metrics.recorded(r.algorithmId(), r.state());
        if (r.state() == ResultState.QUARANTINED) {
            LOG.warn("job {} result {} QUARANTINED: algorithm {} reported version {}, approved is {}", r.jobId(),
                    r.id(), r.algorithmId(), r.reportedVersion(), r.approvedVersion());
        } else {
            LOG.info("job {} RESULT_RECEIVED: result {} of {} ({})", r.jobId(), r.id(), r.algorithmId(), r.verdict());
            received.accept(r);
        }
    }

    private void scheduleFor(Instant deadline) {
        if (closed || deadlineTimer >= 0 && !deadline.isBefore(scheduledFor)) {
            return;
        }
        long delay = Math.max(1, Duration.between(clock.instant(), deadline).toMillis() + 1);
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
        }
        scheduledFor = deadline;
        deadlineTimer = vertx.setTimer(delay, id -> {
            deadlineTimer = -1;
            expireDue();
        });
    }

    /** Fails every job whose deadline passed, then waits for the next deadline. On the context. */
    private void expireDue() {
        if (closed) {
            return;
        }
        blocking(() -> {
            Instant now = clock.instant();
            for (ResultWait wait : waits.due(now, DUE_BATCH)) {
                expire(wait);
            }
            return waits.earliestDeadline();
        }).onComplete(next -> {
            if (next.failed()) {
                LOG.warn("result deadlines not checked: {}", next.cause().toString());
            } else {
                next.result().ifPresent(this::scheduleFor);
            }
        });
    }

    private void expire(ResultWait wait) {
        long seconds = Duration.between(wait.createdAt(), wait.deadline()).toSeconds();
        String why = "timeout: no result from " + wait.algorithmId() + " within " + seconds
                + " s of the vendor acknowledging the dispatch";
        try {
            Job after = jobs.failHandedOver(wait.jobId(), JobState.WAITING_RESULT, actor(), why);
            metrics.timedOut(wait.algorithmId());
            afterFailure(after);
        } catch (LeaseLostException moved) {
            LOG.debug("job {}: deadline passed but the job moved on: {}", wait.jobId(), moved.getMessage());
        }
        waits.remove(wait.jobId());
    }

    private void afterFailure(Job after) {
        if (after.state() == JobState.PENDING) {
            retryDue.accept(after.nextAttemptAt());
        }
    }

    private String actor() {
        return "results@" + nodeId.get();
    }

    public Optional<ResultWait> waitOf(String jobId) {
        return waits.forJob(jobId);
    }

    public ResultRecords records() {
        return records;
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return context.executeBlocking(work, false);
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (deadlineTimer >= 0) {
                vertx.cancelTimer(deadlineTimer);
            }
            if (sweepTimer >= 0) {
                vertx.cancelTimer(sweepTimer);
            }
        });
    }
}
