package org.varde.gateway.jobs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a job is in its life. The allowed transitions are data ({@link #next()}), so the store, the
 * API and a reader can all see the same machine:
 * <pre>
 * PENDING → DISPATCHING → WAITING_RESULT → RESULT_RECEIVED → DELIVERING → DONE
 *                                          RESULT_RECEIVED → AWAITING_REVIEW → DELIVERING (approved, or released on timeout)
 *                                                                         └──→ DONE (rejected: nothing delivered)
 *                     │              └──→ QUARANTINED  (the result's algorithm version is not the approved one)
 *                     └──────────────────────────────────────────────────→ DONE  (no result step)
 * any active state → FAILED → PENDING (retry after backoff) | DEAD_LETTER (attempts used up)
 * DEAD_LETTER, FAILED, QUARANTINED → PENDING (operator replay)
 * DEAD_LETTER → DISCARDED (an operator gave it up, with a reason; final)
 * </pre>
 * DISPATCHING is <em>leased</em>: a node works on the job and holds its lease.
 * WAITING_RESULT, RESULT_RECEIVED, AWAITING_REVIEW and DELIVERING are <em>handed over</em>: the job rests, no lease,
 * while a later stage's own rows say what happens next (the results stage's wait and its deadline, the
 * delivery stage's deliveries, each with its own lease and retries); that stage moves it on with
 * {@link JobStore#advance} or {@link JobStore#failHandedOver}.
 * FAILED is passed through, not rested in: the store records the failure and, in the same
 * transaction, moves the job on to PENDING (with its next attempt time) or DEAD_LETTER. A job waiting
 * for its retry is therefore PENDING with {@code attempts > 0} and a {@code lastError}.
 */
public enum JobState {
    PENDING, DISPATCHING, WAITING_RESULT, RESULT_RECEIVED, DELIVERING, DONE, FAILED, DEAD_LETTER, QUARANTINED,
    DISCARDED,
    /** The result waits for a reviewer (issue 12): nothing is delivered, no priority asked for. */
    AWAITING_REVIEW;

    private static final Map<JobState, Set<JobState>> NEXT = Map.ofEntries(
            Map.entry(PENDING, EnumSet.of(DISPATCHING)),
            // DONE straight from DISPATCHING: an algorithm that sends nothing back (none does since issue 7)
            Map.entry(DISPATCHING, EnumSet.of(WAITING_RESULT, DONE, FAILED)),
            Map.entry(WAITING_RESULT, EnumSet.of(RESULT_RECEIVED, QUARANTINED, FAILED)),
            Map.entry(RESULT_RECEIVED, EnumSet.of(DELIVERING, AWAITING_REVIEW, FAILED)),
            // the review gate: approved or released on timeout → deliveries; rejected → done, nothing delivered
            Map.entry(AWAITING_REVIEW, EnumSet.of(DELIVERING, DONE, FAILED)),
            Map.entry(DELIVERING, EnumSet.of(DONE, FAILED)),
            Map.entry(DONE, EnumSet.noneOf(JobState.class)),
            Map.entry(FAILED, EnumSet.of(PENDING, DEAD_LETTER)),
            Map.entry(DEAD_LETTER, EnumSet.of(PENDING, DISCARDED)),
            Map.entry(QUARANTINED, EnumSet.of(PENDING)),
            Map.entry(DISCARDED, EnumSet.noneOf(JobState.class)));

    /** The states this one may move to. */
    public Set<JobState> next() {
        return Collections.unmodifiableSet(NEXT.get(this));
    }

    public boolean canMoveTo(JobState to) {
        return NEXT.get(this).contains(to);
    }

    /** Throws unless {@code this → to} is an edge of the machine. */
    public void requireMoveTo(JobState to) {
        if (!canMoveTo(to)) {
            throw new IllegalTransitionException(this, to);
        }
    }

    /** A node is working on the job: it holds a lease, and an expired lease lets another node take over. */
    public boolean isActive() {
        return this == DISPATCHING || this == WAITING_RESULT || this == RESULT_RECEIVED || this == AWAITING_REVIEW
                || this == DELIVERING;
    }

    /** A node works on the job under a lease; an expired lease means the node died working on it. */
    public boolean isLeased() {
        // DELIVERING rests: its deliveries carry their own leases, one per sink
        return this == DISPATCHING;
    }

    /** Active but resting without a lease: a stage after the dispatch owns the job through its own rows. */
    public boolean isHandedOver() {
        return isActive() && !isLeased();
    }

    /** Nothing more happens to the job unless an operator replays it. */
    public boolean isFinal() {
        return this == DONE || this == DEAD_LETTER || this == QUARANTINED || this == DISCARDED;
    }

    /** The leased states, for queries. */
    public static Set<JobState> leased() {
        EnumSet<JobState> leased = EnumSet.noneOf(JobState.class);
        for (JobState state : values()) {
            if (state.isLeased()) {
                leased.add(state);
            }
        }
        return leased;
    }

    /** The active states, for queries. */
    public static Set<JobState> active() {
        EnumSet<JobState> active = EnumSet.noneOf(JobState.class);
        for (JobState state : values()) {
            if (state.isActive()) {
                active.add(state);
            }
        }
        return active;
    }
}
