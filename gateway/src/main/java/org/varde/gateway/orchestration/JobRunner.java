package org.varde.gateway.orchestration;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.ResultCallback;
import org.varde.gateway.dispatch.DispatchJob;
import org.varde.gateway.dispatch.Dispatcher;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.jobs.LeaseLostException;
import org.varde.gateway.privacy.Pseudonymiser;
import org.varde.dicom.deident.DeidentificationException;
import org.varde.gateway.results.ResultsStage;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * This node's worker for the job store: claims due jobs under a lease, renews the lease while the
 * dispatch runs, sends the job's selected series through the {@link Dispatcher} and records the
 * outcome: DISPATCHING → WAITING_RESULT, handed over to the {@link ResultsStage} with the algorithm's
 * result deadline; or a failure, retried after a backoff, dead-lettered at the limit (at once when
 * no retry can cure it).
 *
 * <p>No tight polling: it claims when {@link #wake()} is called (jobs created, a replay, a slot
 * freed), when a failed job's backoff is due (a timer for that moment), and on a slow safety timer
 * for jobs other nodes created or left behind when they died. All its state lives on one context;
 * JDBC runs on workers.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final long MIN_TIMER_MILLIS = 20;

    private final Vertx vertx;
    private final Context context;
    private final JobStore store;
    private final Journal journal;
    private final Spool spool;
    private final DispatchedInstances dispatched;
    private final Dispatcher dispatcher;
    private final Pseudonymiser pseudonymiser;
    private final ResultsStage results;
    private final LiveConfig live;
    private final Clock clock;
    private final int maxInFlight;

    private int inFlight;
    private boolean claiming;
    private boolean wakeAgain;
    private boolean closed;
    private long safetyTimer = -1;
    private final Set<Long> backoffTimers = new HashSet<>();

    public JobRunner(Vertx vertx, JobStore store, Journal journal, Spool spool, DispatchedInstances dispatched,
                     Dispatcher dispatcher, Pseudonymiser pseudonymiser, ResultsStage results, LiveConfig live,
                     Clock clock, int maxInFlight) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.store = store;
        this.journal = journal;
        this.spool = spool;
        this.dispatcher = dispatcher;
        this.dispatched = dispatched;
        this.pseudonymiser = pseudonymiser;
        this.results = results;
        this.live = live;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    /** Starts the safety timer (half a lease: an expired lease is taken over soon after) and claims once. */
    public void start() {
        context.runOnContext(v -> {
            long period = Math.max(1000, lease().toMillis() / 2);
            safetyTimer = vertx.setPeriodic(period, id -> wake());
            wake();
        });
    }

    /** Claims due jobs now, up to the free slots; may be called from any thread. */
    public void wake() {
        context.runOnContext(v -> claim());
    }

    private void claim() {
        if (closed) {
            return;
        }
        if (claiming) {
            wakeAgain = true;
            return;
        }
        int free = maxInFlight - inFlight;
        if (free <= 0) {
            return;
        }
        claiming = true;
        String node = nodeId();
        blocking(() -> startDispatching(store.claim(node, lease(), free, clock.instant()), node)).onComplete(result -> {
            claiming = false;
            if (result.failed()) {
                LOG.warn("claiming jobs failed: {}", result.cause().toString());
            } else {
                result.result().forEach(this::run);
            }
            if (wakeAgain) {
                wakeAgain = false;
                claim();
            }
        });
    }

    /**
     * Moves the claimed PENDING jobs to DISPATCHING in the claim's own worker task: one trip to a worker
     * per claim instead of one more per job. A job whose move fails here is returned as claimed, and
     * {@link #work} tries the move again and reports what stops it.
     */
    private List<Job> startDispatching(List<Job> claimed, String node) {
        List<Job> started = new ArrayList<>(claimed.size());
        for (Job job : claimed) {
            if (job.state() != JobState.PENDING) {
                started.add(job);
                continue;
            }
            try {
                started.add(store.transition(job.id(), node, JobState.PENDING, JobState.DISPATCHING,
                        "dispatching on " + node));
            } catch (RuntimeException e) {
                started.add(job);
            }
        }
        return started;
    }

    private void run(Job job) {
        inFlight++;
        String node = nodeId();
        long renewal = vertx.setPeriodic(Math.max(500, lease().toMillis() / 3), id -> renew(job, node));
        work(job, node).onComplete(done -> {
            vertx.cancelTimer(renewal);
            inFlight--;
            if (done.failed()) {
                LOG.warn("job {}: {}", job.id(), done.cause().toString());
            }
            claim();
        });
    }

    private void renew(Job job, String node) {
        blocking(() -> store.renew(job.id(), node, lease()))
                .onFailure(e -> LOG.warn("job {}: lease renewal failed: {}", job.id(), e.toString()));
    }

    private Future<Void> work(Job job, String node) {
        Future<Job> dispatching = job.state() == JobState.PENDING
                ? blocking(() -> store.transition(job.id(), node, JobState.PENDING, JobState.DISPATCHING,
                        "dispatching on " + node))
                : Future.succeededFuture(job);
        return dispatching.compose(j -> {
            if (j.state() != JobState.DISPATCHING) {
                // no adapter of issue 3 waits for a result; a job in a later state is left for its stage
                return blocking(() -> store.release(j.id(), node)).mapEmpty();
            }
            return dispatch(j, node);
        });
    }

    private Future<Void> dispatch(Job job, String node) {
        Optional<Algorithm> algorithm = live.current().routing().catalogue().find(job.algorithmId());
        if (algorithm.isEmpty()) {
            return failed(job, node, "algorithm " + job.algorithmId() + " is not in the catalogue in force");
        }
        String protocol = algorithm.get().endpoint().protocol();
        if (!dispatcher.serves(protocol)) {
            // a missing adapter is not a vendor outage: retrying on the backoff schedule would hide it for hours
            return givenUp(job, node, "internal: no adapter for protocol " + protocol + " (algorithm "
                    + job.algorithmId() + "); replay the job once this gateway has one");
        }
        return blocking(() -> toSend(job)).compose(instances -> {
            if (instances.isEmpty()) {
                return done(job, node, "nothing new to send: the vendor has every selected instance");
            }
            List<Path> files = instances.stream().map(i -> spool.resolve(i.spoolPath())).toList();
            // a webhook vendor gets a secret made for this attempt; Varde keeps only its hash
            return blocking(() -> Optional.ofNullable(results.callbackFor(job, algorithm.get()))).compose(callback -> {
                if (algorithm.get().privacy().pseudonymize()) {
                    return dispatchPseudonymised(job, node, algorithm.get(), files, callback.orElse(null));
                }
                DispatchJob request = new DispatchJob(job.idempotencyKey(), job.studyInstanceUid(), files,
                        callback.orElse(null));
                return dispatcher.dispatch(algorithm.get(), request)
                        .compose(receipt -> waitForResult(job, algorithm.get(), node,
                                        receipt.acknowledgedSopInstanceUids(), receipt, describe(receipt)),
                                failure -> dispatchFailed(job, node, failure));
            });
        }, cannotPrepare -> failed(job, node, "cannot read the job's instances: " + cannotPrepare));
    }

    /**
     * The vendor gets pseudonymised copies (privacy stage), made for this dispatch and deleted when
     * it ends; its receipt names the copies' SOP Instance UIDs, recorded as the originals.
     */
    private Future<Void> dispatchPseudonymised(Job job, String node, Algorithm algorithm, List<Path> files,
                                               ResultCallback callback) {
        return blocking(() -> pseudonymiser.copies(algorithm.id(), algorithm.privacy().deidentification(), files))
                .compose(copies -> dispatcher.dispatch(algorithm,
                                new DispatchJob(job.idempotencyKey(), copies.studyInstanceUid(), copies.instances(),
                                        callback))
                        .eventually(() -> blocking(() -> {
                            copies.close();
                            return null;
                        }))
                        .compose(receipt -> waitForResult(job, algorithm, node,
                                copies.originalsOf(receipt.acknowledgedSopInstanceUids()), receipt,
                                describe(receipt) + " (pseudonymised)"), failure -> dispatchFailed(job, node, failure)),
                        cannot -> cannot.getCause() instanceof DeidentificationException
                                ? givenUp(job, node, "privacy: " + cannot.getMessage())
                                : failed(job, node, "privacy: " + cannot.getMessage()));
    }

    /**
     * A failure the vendor's protocol says will not change on a retry is dead-lettered at once; a call
     * the dispatcher held back (breaker open, queue full) reached no vendor and costs no attempt.
     */
    private Future<Void> dispatchFailed(Job job, String node, Throwable failure) {
        if (failure instanceof DispatchFailure f
                && (f.kind() == DispatchFailure.Kind.CIRCUIT_OPEN || f.kind() == DispatchFailure.Kind.QUEUE_FULL)) {
            return postponed(job, node, reason(failure));
        }
        return failure instanceof DispatchFailure f && !f.retryable()
                ? givenUp(job, node, reason(failure))
                : failed(job, node, reason(failure));
    }

    private Future<Void> postponed(Job job, String node, String reason) {
        return blocking(() -> store.postpone(job.id(), node, JobState.DISPATCHING, reason)).<Void>map(after -> {
            wakeAt(after.nextAttemptAt());
            return null;
        }).recover(JobRunner::failureNotRecorded);
    }

    /**
     * The selected series' instances no earlier job sent the algorithm, files present. A retry of this
     * job sends its whole selection again: it failed after the dispatch (no result in time) or during it.
     */
    private List<InstanceRecord> toSend(Job job) {
        Set<String> series = new HashSet<>(job.selectedSeries());
        Set<String> sent = dispatched.sentByOtherJobs(job.algorithmId(), job.studyInstanceUid(), job.id());
        List<InstanceRecord> instances = new ArrayList<>();
        for (InstanceRecord i : journal.instancesOfStudy(job.studyInstanceUid())) {
            if (series.contains(i.seriesInstanceUid()) && !sent.contains(i.sopInstanceUid()) && !i.fileMissing()) {
                instances.add(i);
            }
        }
        return instances;
    }

    /** Nothing was sent, so no result will come. */
    private Future<Void> done(Job job, String node, String detail) {
        return blocking(() -> {
            store.transition(job.id(), node, JobState.DISPATCHING, JobState.DONE, detail);
            LOG.info("job {} DONE: algorithm {}, {}", job.id(), job.algorithmId(), detail);
            return null;
        });
    }

    /** The vendor has the study: the results stage waits for its answer until the algorithm's deadline. */
    private Future<Void> waitForResult(Job job, Algorithm algorithm, String node, List<String> acknowledged,
                                       DispatchReceipt receipt, String detail) {
        return blocking(() -> {
            dispatched.record(job.algorithmId(), job.studyInstanceUid(), job.id(), acknowledged, clock.instant());
            Instant deadline = results.expect(job, algorithm, receipt.vendorHandle());
            store.transition(job.id(), node, JobState.DISPATCHING, JobState.WAITING_RESULT,
                    detail + "; waiting for the result until " + deadline);
            LOG.info("job {} WAITING_RESULT: algorithm {}, {}", job.id(), job.algorithmId(), detail);
            results.waiting(job);
            return null;
        });
    }

    private Future<Void> failed(Job job, String node, String reason) {
        return blocking(() -> store.fail(job.id(), node, JobState.DISPATCHING, reason)).<Void>map(after -> {
            if (after.state() == JobState.PENDING) {
                LOG.info("job {} failed (attempt {} of {}), retry at {}: {}", job.id(), after.attempts(),
                        after.maxAttempts(), after.nextAttemptAt(), reason);
                wakeAt(after.nextAttemptAt());
            } else {
                LOG.warn("job {} {} after {} attempts: {}", job.id(), after.state(), after.attempts(), reason);
            }
            return null;
        }).recover(JobRunner::failureNotRecorded);
    }

    private Future<Void> givenUp(Job job, String node, String reason) {
        return blocking(() -> store.giveUp(job.id(), node, JobState.DISPATCHING, reason)).<Void>mapEmpty()
                .recover(JobRunner::failureNotRecorded);
    }

    private static Future<Void> failureNotRecorded(Throwable e) {
        return Future.failedFuture(e instanceof LeaseLostException
                ? new IllegalStateException("lease lost before the failure was recorded", e) : e);
    }

    /** Claims again at {@code due} (a job failed elsewhere, e.g. by the results stage, is due then). */
    public void wakeAt(Instant due) {
        long delay = Math.max(MIN_TIMER_MILLIS, Duration.between(clock.instant(), due).toMillis() + 1);
        context.runOnContext(v -> {
            if (!closed) {
                long[] id = new long[1];
                id[0] = vertx.setTimer(delay, t -> {
                    backoffTimers.remove(id[0]);
                    claim();
                });
                backoffTimers.add(id[0]);
            }
        });
    }

    private static String describe(DispatchReceipt receipt) {
        return "vendor acknowledged " + receipt.acknowledgedSopInstanceUids().size() + " instances"
                + (receipt.warnings() > 0 ? " (" + receipt.warnings() + " with warnings)" : "")
                + " in " + receipt.elapsed().toMillis() + " ms";
    }

    private static String reason(Throwable failure) {
        if (failure instanceof DispatchFailure f) {
            return f.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.getMessage();
        }
        return failure.toString();
    }

    private Duration lease() {
        return live.current().config().jobs().lease();
    }

    private String nodeId() {
        return live.current().config().node().id();
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return context.executeBlocking(work, false);
    }

    /** Stops claiming; jobs on the wire finish (or their lease runs out and another node resumes them). */
    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (safetyTimer >= 0) {
                vertx.cancelTimer(safetyTimer);
            }
            backoffTimers.forEach(vertx::cancelTimer);
            backoffTimers.clear();
        });
    }
}
