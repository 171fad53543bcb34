package org.varde.gateway.assembly;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.store.InstanceRecord;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Turns a stream of stored instances into complete studies. A study is complete when the first of
 * these fires: its idle deadline passes, its MPPS is COMPLETED (and the referenced instances arrived,
 * or the grace ran out) or DISCONTINUED, its expected series arrived and the study then stayed quiet
 * for the settle time, or {@link #complete} is called. Instances after a completion open the next
 * generation, which waits for its own deadline and is then completed and routed again as an update.
 * Only MPPS and {@link #complete} complete a study at the moment an instance arrives.
 *
 * <p>All state is in the database (V3), so a restart resumes where it was — a study still assembling
 * is never dropped (MONAI's gateway deletes them) — and several nodes on one PostgreSQL database
 * share the work: each completion is one conditional UPDATE, so exactly one node fires the listener
 * for a generation. There is no polling loop: one Vert.x timer waits for the earliest deadline this
 * node knows, re-armed as deadlines move; a slow safety sweep catches deadlines set by other nodes
 * and repeats hand-overs to routing that failed.
 *
 * <p>JDBC runs on worker threads. A returned future completes on the caller's context (ingest answers
 * its C-STORE, the MPPS SCP its N-SET, on the association's own event loop); the listener is called
 * on an event loop.
 */
public final class StudyAssembler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudyAssembler.class);
    /** A timer never fires sooner than this, so a deadline the sweep cannot clear does not spin. */
    private static final long MIN_TIMER_MILLIS = 20;

    private final Vertx vertx;
    private final Context context;
    private final Clock clock;
    private final CompletionPolicy policy;
    private final StudyCompletionListener listener;
    private final AssemblerOptions options;
    private final AssemblyMetrics metrics;
    private final StudyLedger studies;
    private final MppsLedger mpps;
    private final GenerationSnapshot snapshot;

    private long timerId = -1;
    private Instant armedFor;
    private long safetySweepId = -1;
    private Future<Integer> runningSweep;
    private boolean closed;

    /** With default options (sweep every 5 s, hand-over retried after 30 s) and metrics nobody scrapes. */
    public StudyAssembler(DataSource dataSource, Vertx vertx, Clock clock, CompletionPolicy policy,
                          StudyCompletionListener listener) {
        this(dataSource, vertx, clock, policy, listener,
                AssemblerOptions.defaults("node-" + UUID.randomUUID().toString().substring(0, 8)),
                new AssemblyMetrics(new SimpleMeterRegistry()));
    }

    /** @param dataSource a database migrated with V1..V3 (the journal's); shared, not closed here */
    public StudyAssembler(DataSource dataSource, Vertx vertx, Clock clock, CompletionPolicy policy,
                          StudyCompletionListener listener, AssemblerOptions options, AssemblyMetrics metrics) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.clock = clock;
        this.policy = policy;
        this.listener = listener;
        this.options = options;
        this.metrics = metrics;
        this.studies = new StudyLedger(dataSource, options.nodeId(), options.handOverRetry());
        this.mpps = new MppsLedger(studies);
        this.snapshot = new GenerationSnapshot(dataSource);
    }

    /**
     * Resumes from the database: completes what fell due while no node was looking, hands over
     * completions that were never routed, arms the timer for the earliest deadline, starts the sweep.
     */
    public Future<Void> start() {
        context.runOnContext(v -> {
            synchronized (this) {
                if (!closed) {
                    safetySweepId = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> sweepAndRearm());
                }
            }
        });
        return sweep().compose(n -> rearm()).mapEmpty();
    }

    /**
     * Records that {@code instance} was stored and journaled: creates or reopens its study and moves
     * its idle deadline (to the shorter settle time once the expected series is there); completes it at
     * once only when this instance satisfied a waiting MPPS. Succeeds once that is durable; the hand-over
     * to routing follows on its own.
     */
    public Future<Void> instanceStored(InstanceRecord instance) {
        return blocking(() -> arrive(instance)).map(arrival -> {
            settle(arrival);
            return null;
        });
    }

    /**
     * {@link #instanceStored} for a caller already on a worker thread: ingest calls it right after
     * the journal, in the same worker task, which saves two thread hand-overs per instance (about a
     * fifth of an instance's time at 512 KiB). Blocking; durable when it returns; the hand-over and
     * the timer follow on this assembler's context.
     *
     * @throws AssemblyException when the arrival cannot be recorded
     */
    public void instanceStoredOnWorker(InstanceRecord instance) {
        Recorded arrival = arrive(instance);
        if (!arrival.completed().isEmpty() || arrival.deadline() != null) {
            context.runOnContext(v -> settle(arrival));
        }
    }

    /**
     * {@link #instanceStoredOnWorker} in two halves for ingest: the arrival is recorded in {@code c}, the
     * journal's transaction (one commit for both); the returned step, run once that committed, checks a
     * waiting MPPS and the expected series and arms the timer. Blocking, on workers.
     */
    public Arrived arriveIn(Connection c, InstanceRecord instance) throws SQLException {
        Instant now = clock.instant();
        StudyLedger.Arrival arrival = studies.arriveIn(c, instance, policy.idleTimeout(instance), now);
        return () -> {
            Recorded recorded = afterArrival(instance, arrival, now);
            if (!recorded.completed().isEmpty() || recorded.deadline() != null) {
                context.runOnContext(v -> settle(recorded));
            }
        };
    }

    /** An arrival recorded in a transaction; {@link #settle} once that committed. */
    @FunctionalInterface
    public interface Arrived {
        void settle();
    }

    private void settle(Recorded arrival) {
        handOver(arrival.completed());
        if (arrival.completed().isEmpty() && arrival.deadline() != null) {
            arm(arrival.deadline());
        }
    }

    private record Recorded(Instant deadline, List<StudyCompleted> completed) {
    }

    private Recorded arrive(InstanceRecord instance) {
        Instant now = clock.instant();
        return afterArrival(instance, studies.arrive(instance, policy.idleTimeout(instance), now), now);
    }

    /** What an arrival, once committed, starts: a waiting MPPS completes, or the deadline moves. */
    private Recorded afterArrival(InstanceRecord instance, StudyLedger.Arrival arrival, Instant now) {
        StudyLedger.StudyState study = arrival.study();
        if (!study.assembling()) {
            return new Recorded(null, List.of());
        }
        List<StudyCompleted> completed = mpps.settleWaitingFor(study.studyInstanceUid(), now);
        if (!completed.isEmpty()) {
            return new Recorded(null, completed);
        }
        Instant deadline = study.idleDeadline();
        if (policy.watchesSeries(instance)) {
            // the expected series matches on its first slice: it shortens the deadline, it never fires here
            Optional<Duration> settle = policy.expectedSeriesSettle(snapshot.facts(instance, study.generation()));
            if (settle.isPresent()) {
                deadline = studies.seriesArrived(study.studyInstanceUid(), study.generation(), settle.get(), now)
                        .orElse(null);
            }
        }
        return new Recorded(deadline, List.of());
    }

    /** Completes the study now (the API's {@code POST /api/studies/{uid}/complete}), if it is assembling. */
    public Future<ExplicitCompletion> complete(String studyInstanceUid) {
        List<StudyCompleted> completed = new ArrayList<>();
        return blocking(() -> studies.completeExplicitly(studyInstanceUid, clock.instant(), completed))
                .map(result -> {
                    handOver(completed);
                    return result;
                });
    }

    /**
     * One sweep: completes studies whose idle deadline passed and COMPLETED MPPS whose grace ran out,
     * and hands over again completions whose earlier hand-over failed or was lost. A sweep already
     * running is joined, not doubled.
     *
     * @return how many generations this sweep handed over (completed now or retried)
     */
    public synchronized Future<Integer> sweep() {
        if (runningSweep != null) {
            return runningSweep;
        }
        Future<Integer> sweep = blocking(() -> {
            Instant now = clock.instant();
            List<StudyCompleted> completed = new ArrayList<>(studies.completeIdle(now, options.batch()));
            completed.addAll(mpps.settleDue(now, options.batch()));
            return new Swept(completed, studies.takeHandOvers(now, options.batch()));
        }).map(swept -> {
            handOver(swept.completed());
            swept.retried().forEach(retry -> {
                LOG.info("study {} generation {}: hand-over to routing repeated", retry.studyInstanceUid(),
                        retry.generation());
                deliver(retry);
            });
            return swept.completed().size() + swept.retried().size();
        });
        runningSweep = sweep;
        sweep.onComplete(r -> {
            synchronized (this) {
                runningSweep = null;
            }
            if (r.failed()) {
                LOG.warn("study sweep failed: {}", r.cause().toString());
            }
        });
        return sweep;
    }

    private record Swept(List<StudyCompleted> completed, List<StudyCompleted> retried) {
    }

    private void sweepAndRearm() {
        sweep().onSuccess(n -> rearm());
    }

    /** Arms the timer for the earliest deadline in the database (set by this node or another). */
    Future<Void> rearm() {
        return blocking(studies::earliestDeadline).map(next -> {
            next.ifPresent(this::arm);
            return null;
        });
    }

    private synchronized void arm(Instant deadline) {
        if (closed || (armedFor != null && !armedFor.isAfter(deadline))) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        long delay = Math.max(MIN_TIMER_MILLIS, Duration.between(clock.instant(), deadline).toMillis() + 1);
        armedFor = deadline;
        timerId = vertx.setTimer(delay, this::timerFired);
    }

    private void timerFired(long id) {
        synchronized (this) {
            if (id != timerId) {
                return;
            }
            timerId = -1;
            armedFor = null;
        }
        sweepAndRearm();
    }

    /** Completions found by this node: counted once, then handed to routing. */
    void handOver(List<StudyCompleted> completed) {
        for (StudyCompleted study : completed) {
            metrics.completed(study);
            deliver(study);
        }
    }

    private void deliver(StudyCompleted study) {
        synchronized (this) {
            if (closed) {
                // as after a crash: the lease runs out and a running node hands it over
                return;
            }
        }
        Future<Void> routed;
        try {
            routed = listener.completed(study);
        } catch (RuntimeException e) {
            routed = Future.failedFuture(e);
        }
        if (routed == null) {
            routed = Future.failedFuture(new IllegalStateException("the completion listener returned no future"));
        }
        routed.compose(v -> blocking(() -> {
            studies.handedOver(study, clock.instant());
            return null;
        })).onFailure(e -> {
            LOG.warn("study {} generation {}: hand-over to routing failed, retried in {} s: {}",
                    study.studyInstanceUid(), study.generation(), options.handOverRetry().toSeconds(), e.toString());
            metrics.handOverFailed();
            blocking(() -> {
                studies.handOverFailed(study, e.toString());
                return null;
            }).onFailure(again -> LOG.warn("cannot record the failed hand-over: {}", again.toString()));
        });
    }

    /** Where the study stands; empty when no instance of it arrived. Blocking on a worker. */
    public Future<Optional<StudyStatus>> status(String studyInstanceUid) {
        return blocking(() -> studies.status(studyInstanceUid));
    }

    /** How many studies are assembling, complete but not yet routed, and complete (for the overview). */
    public Future<StageCounts> stageCounts() {
        return blocking(studies::stageCounts);
    }

    /** On a worker; the future completes on the calling context (the timers' is this assembler's own). */
    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    MppsLedger mpps() {
        return mpps;
    }

    Clock clock() {
        return clock;
    }

    CompletionPolicy policy() {
        return policy;
    }

    /** Stops the timers; the database keeps every study, so another node (or a restart) carries on. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (safetySweepId >= 0) {
            vertx.cancelTimer(safetySweepId);
        }
    }
}
