package org.varde.gateway.worklist;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.ups.InputInstance;
import org.varde.connectors.algorithm.ups.ScheduledWorkitem;
import org.varde.connectors.algorithm.ups.WorkitemBoard;
import org.varde.connectors.algorithm.ups.WorkitemRefusedException;
import org.varde.dicom.data.UID;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Task Manager's worklist (IHE AIW-I): schedules a workitem per dispatch of a {@code ups} job,
 * carries out the UPS state machine of PS3.4 CC.1.1 for its performers (each vendor only ever sees
 * and moves its own workitems), and keeps workitems and jobs in step with a sweep:
 * <ul>
 *   <li>a workitem its performer CANCELED (or that an operator's request canceled) fails the job's
 *       attempt with the reason; one COMPLETED while the job still waits has no result, and fails it too;</li>
 *   <li>a job that stopped waiting (result timeout, dead letter, discarded) cancels its SCHEDULED
 *       workitem, and asks the performer of an IN PROGRESS one to cancel (PS3.4 CC.2.2).</li>
 * </ul>
 * What the sweep has yet to do is in the rows ({@code applied_at}, the job's state), so a restart
 * loses none of it.
 */
public final class Worklist implements WorkitemBoard, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worklist.class);
    private static final int SWEEP_BATCH = 500;
    /** A job in one of these no longer waits for its workitem's result. */
    private static final Set<JobState> STOPPED_WAITING = EnumSet.of(JobState.PENDING, JobState.FAILED,
            JobState.DEAD_LETTER, JobState.DISCARDED);

    /** Fails a job's waiting attempt with the reason (the results stage's refusal). */
    @FunctionalInterface
    public interface AttemptFailure {
        void fail(String jobId, String algorithmId, String why);
    }

    private final Vertx vertx;
    private final Context context;
    private final WorkitemStore store;
    private final JobStore jobs;
    private final Journal journal;
    private final AttemptFailure attemptFailure;
    private final Subscriptions subscriptions;
    private final String aeTitle;
    private final Clock clock;
    private long sweepTimer = -1;
    private boolean sweeping;
    private boolean sweepAgain;
    private volatile boolean closed;

    /**
     * @param subscriptions who hears of what happens to a workitem (UPS event reports)
     * @param aeTitle       Varde's own AE Title: the Requesting AE of a cancellation Varde asks for
     */
    public Worklist(Vertx vertx, WorkitemStore store, JobStore jobs, Journal journal, AttemptFailure attemptFailure,
                    Subscriptions subscriptions, String aeTitle, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.store = store;
        this.jobs = jobs;
        this.journal = journal;
        this.attemptFailure = attemptFailure;
        this.subscriptions = subscriptions;
        this.aeTitle = aeTitle;
        this.clock = clock;
    }

    public WorkitemStore store() {
        return store;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Sweeps now and every {@code period}. */
    public void start(Duration period) {
        context.runOnContext(v -> {
            sweepTimer = vertx.setPeriodic(Math.max(100, period.toMillis()), id -> sweepSoon());
            sweepSoon();
        });
    }

    @Override
    public String schedule(ScheduledWorkitem request) throws WorkitemRefusedException {
        Job job = jobs.forStudy(request.studyInstanceUid()).stream()
                .filter(j -> j.idempotencyKey().equals(request.idempotencyKey())).findFirst()
                .orElseThrow(() -> new WorkitemRefusedException("no job of study " + request.studyInstanceUid()
                        + " has key " + request.idempotencyKey() + "; a pseudonymised dispatch cannot be a workitem, "
                        + "because WADO-RS serves the spool's own instances (set privacy.pseudonymize: false, or "
                        + "use another protocol)"));
        notInTheSpoolRefused(request);
        Optional<Workitem> open = store.openFor(request.idempotencyKey());
        if (open.isPresent()) {
            LOG.info("job {}: workitem {} is still {}, not scheduled again", job.id(), open.get().uid(),
                    open.get().state().word());
            return open.get().uid();
        }
        Instant now = clock.instant();
        Workitem workitem = new Workitem(UID.generate(), job.id(), request.idempotencyKey(), request.algorithmId(),
                request.studyInstanceUid(), ProcedureStepState.SCHEDULED, request.endpoint().priority(),
                request.endpoint().retrieveUrlOrNull(), null, now, null, null, null, null, null, null, null);
        store.create(workitem, request.input().stream().map(i -> new WorkitemInput(workitem.uid(),
                i.studyInstanceUid(), i.seriesInstanceUid(), i.sopClassUid(), i.sopInstanceUid())).toList());
        LOG.info("job {}: workitem {} SCHEDULED for {} ({} instances)", job.id(), workitem.uid(),
                request.algorithmId(), request.input().size());
        // PS3.4 CC.2.4.3: a new workitem is reported to the global subscribers as a change to SCHEDULED
        subscriptions.created(workitem);
        subscriptions.report(UpsEvent.stateReport(workitem));
        return workitem.uid();
    }

    /** WADO-RS gives what the spool holds of the study: every input must be one of its instances. */
    private void notInTheSpoolRefused(ScheduledWorkitem request) throws WorkitemRefusedException {
        Set<String> kept = new HashSet<>();
        for (InstanceRecord i : journal.instancesOfStudy(request.studyInstanceUid())) {
            kept.add(i.sopInstanceUid());
        }
        for (InputInstance i : request.input()) {
            if (!kept.contains(i.sopInstanceUid()) || !request.studyInstanceUid().equals(i.studyInstanceUid())) {
                throw new WorkitemRefusedException("instance " + i.sopInstanceUid() + " is not one of study "
                        + request.studyInstanceUid() + " in the spool (a pseudonymised copy cannot be served by WADO-RS)");
            }
        }
    }

    /** One of the vendor's own workitems; another's is as unknown as one that does not exist (404). */
    public Workitem ownWorkitem(String algorithmId, String uid) throws StateChangeRefused {
        return store.get(uid).filter(w -> w.algorithmId().equals(algorithmId))
                .orElseThrow(() -> new StateChangeRefused(404, "no workitem " + uid));
    }

    /**
     * The performer's Change UPS State (PS3.4 CC.2.1.3; PS3.18 11.7). Blocking.
     *
     * @param reasonOrNull for CANCELED: the performer's Reason For Cancellation
     * @return a warning when nothing changed because the workitem already was in that state
     */
    public Optional<String> changeState(String algorithmId, String uid, ProcedureStepState to, String transactionUid,
                                        String reasonOrNull) throws StateChangeRefused {
        Workitem w = ownWorkitem(algorithmId, uid);
        if (transactionUid == null || !UID.isSafe(transactionUid)) {
            throw new StateChangeRefused(400, "the Transaction UID (0008,1195) is missing or not a valid UID");
        }
        if (to == ProcedureStepState.SCHEDULED) {
            throw new StateChangeRefused(400, "a workitem cannot be set back to SCHEDULED");
        }
        Instant now = clock.instant();
        Optional<String> warning = to == ProcedureStepState.IN_PROGRESS ? claim(w, transactionUid, now)
                : finish(w, to, transactionUid, reasonOrNull, now);
        sweepSoon();
        return warning;
    }

    private Optional<String> claim(Workitem w, String transactionUid, Instant now) throws StateChangeRefused {
        if (w.state() != ProcedureStepState.SCHEDULED) {
            throw new StateChangeRefused(409, "The UPS is already " + w.state().word());
        }
        if (!store.claim(w.uid(), transactionUid, now)) {
            throw new StateChangeRefused(409, "The UPS was claimed by another performer a moment ago");
        }
        LOG.info("workitem {} IN PROGRESS: claimed by {}", w.uid(), w.algorithmId());
        reportState(w.uid());
        return Optional.empty();
    }

    private Optional<String> finish(Workitem w, ProcedureStepState to, String transactionUid, String reasonOrNull,
                                    Instant now) throws StateChangeRefused {
        if (w.state() == ProcedureStepState.SCHEDULED) {
            throw new StateChangeRefused(400, "The UPS is not IN PROGRESS: claim it first");
        }
        if (!transactionUid.equals(w.transactionUid())) {
            throw new StateChangeRefused(400, "The Transaction UID is incorrect");
        }
        if (w.state() == to) {
            return Optional.of("The UPS is already in the requested state of " + to.word());
        }
        if (w.state().isFinal()) {
            throw new StateChangeRefused(409, "The UPS is already " + w.state().word());
        }
        if (!store.finish(w.uid(), transactionUid, to, reasonOrNull, now)) {
            throw new StateChangeRefused(409, "The UPS changed state a moment ago");
        }
        LOG.info("workitem {} {} by its performer {}{}", w.uid(), to.word(), w.algorithmId(),
                reasonOrNull == null ? "" : ": " + reasonOrNull);
        reportState(w.uid());
        return Optional.empty();
    }

    /**
     * Request UPS Cancel (PS3.4 CC.2.2.3; PS3.18 11.8) from someone who does not perform it: a SCHEDULED
     * workitem is canceled at once, an IN PROGRESS one gets the request for its performer. Blocking.
     *
     * @param contactOrNull the Contact Display Name the request gave, for the Cancel Requested report
     * @return a warning when it already was CANCELED
     */
    public Optional<String> requestCancel(String uid, String reason, String contactOrNull) throws StateChangeRefused {
        Workitem w = store.get(uid).orElseThrow(() -> new StateChangeRefused(404, "no workitem " + uid));
        if (!w.state().isFinal()) {
            // PS3.4 CC.2.4.3: every Request UPS Cancel is reported, whatever it then does
            subscriptions.report(UpsEvent.cancelRequested(uid, aeTitle, reason, contactOrNull));
        }
        Optional<String> warning = cancel(w, reason);
        sweepSoon();
        return warning;
    }

    /** What a cancellation request does to the workitem in its state (once more if a claim raced it). */
    private Optional<String> cancel(Workitem w, String reason) throws StateChangeRefused {
        String uid = w.uid();
        Instant now = clock.instant();
        return switch (w.state()) {
            case COMPLETED -> throw new StateChangeRefused(409, "The UPS is already COMPLETED");
            case CANCELED -> Optional.of("The UPS is already in the requested state of CANCELED");
            case SCHEDULED -> {
                if (store.cancelScheduled(uid, reason, true, now)) {
                    reportState(uid);
                    yield Optional.empty();
                }
                yield cancel(store.get(uid).orElseThrow(() -> new StateChangeRefused(404, "no workitem " + uid)),
                        reason);
            }
            case IN_PROGRESS -> {
                store.requestCancel(uid, reason, now);
                yield Optional.empty();
            }
        };
    }

    /** PS3.4 CC.2.4.3: every change of Procedure Step State is reported to the workitem's subscribers. */
    private void reportState(String uid) {
        store.get(uid).ifPresent(w -> subscriptions.report(UpsEvent.stateReport(w)));
    }

    /** Runs the sweep on a worker soon; a call while one runs makes it run once more after. */
    public void sweepSoon() {
        if (closed) {
            return;
        }
        context.runOnContext(v -> {
            if (sweeping) {
                sweepAgain = true;
                return;
            }
            sweeping = true;
            context.executeBlocking(() -> {
                sweep();
                return null;
            }, false).onComplete(done -> {
                sweeping = false;
                if (done.failed()) {
                    LOG.warn("worklist sweep failed: {}", done.cause().toString());
                }
                if (sweepAgain) {
                    sweepAgain = false;
                    sweepSoon();
                }
            });
        });
    }

    /** Blocking: tells jobs what performers did, and cancels the workitems of jobs that stopped waiting. */
    void sweep() {
        for (Workitem w : store.unapplied(SWEEP_BATCH)) {
            applyToJob(w);
        }
        for (Workitem w : store.open(SWEEP_BATCH)) {
            cancelIfTheJobStoppedWaiting(w);
        }
    }

    private void applyToJob(Workitem w) {
        Optional<Job> job = jobs.get(w.jobId());
        if (job.isPresent() && job.get().state() == JobState.DISPATCHING) {
            return; // the dispatch is being recorded: next sweep
        }
        boolean current = store.newestOf(w.jobId()).map(n -> n.uid().equals(w.uid())).orElse(false);
        if (job.isPresent() && current && job.get().state() == JobState.WAITING_RESULT) {
            String why = w.state() == ProcedureStepState.COMPLETED
                    ? "the vendor completed workitem " + w.uid() + " without storing a result"
                    : Workitem.BY_VARDE.equals(w.endedBy())
                    ? "workitem " + w.uid() + " canceled before it was claimed: " + w.finalReason()
                    : "the vendor canceled workitem " + w.uid()
                            + (w.finalReason() == null ? ", giving no reason" : ": " + w.finalReason())
                            + (w.cancelRequestedAt() == null ? "" : " (cancellation was asked for: " + w.cancelReason() + ")");
            attemptFailure.fail(w.jobId(), w.algorithmId(), why);
        }
        store.applied(w.uid(), clock.instant());
    }

    private void cancelIfTheJobStoppedWaiting(Workitem w) {
        Optional<Job> job = jobs.get(w.jobId());
        boolean superseded = store.newestOf(w.jobId()).map(n -> !n.uid().equals(w.uid())).orElse(false);
        if (job.isPresent() && !superseded && !STOPPED_WAITING.contains(job.get().state())) {
            return;
        }
        String reason = job.isEmpty() ? "the job is gone"
                : superseded ? "a later attempt of the job has its own workitem"
                : "job " + job.get().id() + " is " + job.get().state()
                        + (job.get().lastError() == null ? "" : " (" + job.get().lastError() + ")");
        Instant now = clock.instant();
        if (w.state() == ProcedureStepState.SCHEDULED && store.cancelScheduled(w.uid(), reason, false, now)) {
            LOG.info("workitem {} CANCELED by Varde: {}", w.uid(), reason);
            reportState(w.uid());
        } else if (w.state() == ProcedureStepState.IN_PROGRESS && !w.cancelRequested()
                && store.requestCancel(w.uid(), reason, now)) {
            LOG.info("workitem {}: its performer {} is asked to cancel: {}", w.uid(), w.algorithmId(), reason);
            subscriptions.report(UpsEvent.cancelRequested(w.uid(), aeTitle, reason, null));
        }
    }

    @Override
    public void close() {
        closed = true;
        context.runOnContext(v -> {
            if (sweepTimer >= 0) {
                vertx.cancelTimer(sweepTimer);
            }
        });
    }
}
