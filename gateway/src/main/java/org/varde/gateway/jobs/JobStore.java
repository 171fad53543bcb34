package org.varde.gateway.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable jobs: each hand-over between stages is a row here, so a job survives a crash and can be
 * shared by several gateway nodes. A node {@link #claim claims} due jobs under a lease, renews the lease
 * while it works, and moves the job with {@link #transition}; a node that dies simply stops renewing,
 * and another node claims the job once the lease has expired.
 *
 * <p>Every method is blocking JDBC: call it from {@code vertx.executeBlocking} or a worker, never
 * from an event loop. Failures of the database surface as {@link JobStoreException}.
 *
 * <p>Lease times are compared with the callers' clocks, so the nodes' clocks must agree (NTP) to
 * well within a lease.
 */
public interface JobStore {

    /**
     * Creates the job for (study, algorithm, generation) in PENDING, due now, or returns the one that
     * already exists: calling this twice, or from two nodes at once, yields one job.
     */
    Job create(NewJob job);

    /**
     * Gives {@code nodeId} up to {@code max} due jobs under a lease until {@code now + lease}: PENDING
     * jobs whose next attempt is due, including claimed ones whose owner's lease expired before it
     * started them. An active job whose owner's lease has expired (its node died working on it) is not
     * given out: that counts as a failed attempt of the job, recorded as "lease of node X expired while
     * STATE", so it is retried after its backoff or dead-lettered when its attempts are used up, and a
     * job that kills every node running it cannot loop forever. A job is never given to two nodes whose
     * leases overlap.
     * While other claims run at the same moment fewer than {@code max} may come back; claim again later.
     */
    List<Job> claim(String nodeId, Duration lease, int max, Instant now);

    /** Extends the lease of a job {@code nodeId} holds. @throws LeaseLostException if another node holds it */
    Job renew(String jobId, String nodeId, Duration lease);

    /**
     * Moves a job {@code nodeId} holds from {@code from} to {@code to}. Moving to a final or handed-over
     * state gives the lease up. Moving to FAILED does what {@link #fail} does.
     *
     * @throws IllegalTransitionException if the state machine has no such edge
     * @throws LeaseLostException         if the node no longer holds the job or it is not in {@code from}
     */
    Job transition(String jobId, String nodeId, JobState from, JobState to, String detail);

    /**
     * Records a failed attempt of a job {@code nodeId} holds in the active state {@code from}: FAILED,
     * then back to PENDING after a backoff ({@link Backoff}), or DEAD_LETTER when the attempts are used
     * up. Both steps are recorded as events; the lease is given up.
     */
    Job fail(String jobId, String nodeId, JobState from, String error);

    /**
     * Records a failed attempt that no retry can cure — our side cannot make the call at all, such as
     * an endpoint protocol no adapter serves — as {@link #fail} does, but straight to DEAD_LETTER: a
     * backoff schedule meant for vendor outages would only hide it for hours. Replayed by the operator
     * once the cause is fixed.
     */
    Job giveUp(String jobId, String nodeId, JobState from, String error);

    /**
     * As {@link #fail}, but the attempt is not counted: nothing reached the vendor (the algorithm's
     * circuit breaker is open, its wait queue full), so a long outage cannot use up the job's attempts
     * while the breaker holds every call back. Back to PENDING after the backoff its attempts so far
     * give; never to DEAD_LETTER.
     */
    Job postpone(String jobId, String nodeId, JobState from, String why);

    /**
     * Moves a handed-over job (WAITING_RESULT, RESULT_RECEIVED: no lease, driven by its stage's own
     * rows) to its next resting or final state, e.g. WAITING_RESULT → RESULT_RECEIVED when the result
     * is recorded. {@code actor} names the stage and node for the event.
     *
     * @throws IllegalTransitionException if the state machine has no such edge
     * @throws LeaseLostException         if the job is no longer in {@code from} (another node moved it)
     */
    Job advance(String jobId, JobState from, JobState to, String actor, String detail);

    /**
     * Records a failed attempt of a handed-over job (no result before its deadline, a result that
     * cannot be used), as {@link #fail} does for a leased one: retried after a backoff, or dead-lettered
     * when the attempts are used up.
     *
     * @throws LeaseLostException if the job is no longer in {@code from}
     */
    Job failHandedOver(String jobId, JobState from, String actor, String error);

    /** Gives up the lease without changing the state, so another node may claim the job at once. */
    Job release(String jobId, String nodeId);

    /**
     * Replays a DEAD_LETTER or FAILED job: PENDING, due now, attempts reset, event recorded with
     * {@code actor} as its node.
     *
     * @throws IllegalTransitionException if the job is in another state
     * @throws UnknownJobException        if there is no such job
     */
    Job retry(String jobId, String actor);

    /**
     * An operator gives a dead letter up: DEAD_LETTER → DISCARDED (final), the reason and who in the
     * job's history.
     *
     * @throws IllegalTransitionException if the job is not a dead letter
     * @throws UnknownJobException        if there is no such job
     */
    Job discard(String jobId, String actor, String reason);

    /** {@link #retry(String, String)} by the operator (the API). */
    default Job retry(String jobId) {
        return retry(jobId, "operator");
    }

    Optional<Job> get(String jobId);

    /** Jobs in {@code state}, oldest first. */
    List<Job> find(JobState state, int limit);

    /** Every job of a study, oldest first. */
    List<Job> forStudy(String studyInstanceUid);

    /** The recorded changes of a job, in the order they happened. */
    List<JobEvent> events(String jobId);

    /** How many jobs are in each state; every state is present, zero when empty. */
    Map<JobState, Long> countsByState();

    /**
     * How long the oldest due, unclaimed PENDING job has been waiting at {@code now} (since its
     * next attempt became due), or zero when none waits: the queue age metric.
     */
    Duration oldestDuePendingAge(Instant now);
}
