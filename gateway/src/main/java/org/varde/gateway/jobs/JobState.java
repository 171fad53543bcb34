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
 *                     └──────────────────────────────────────────────────→ DONE  (no result step, e.g. the DICOM adapter)
 * any active state → FAILED → PENDING (retry after backoff) | DEAD_LETTER (attempts used up)
 * DEAD_LETTER, FAILED → PENDING (operator replay)
 * </pre>
 * FAILED is passed through, not rested in: the store records the failure and, in the same
 * transaction, moves the job on to PENDING (with its next attempt time) or DEAD_LETTER. A job waiting
 * for its retry is therefore PENDING with {@code attempts > 0} and a {@code lastError}.
 */
public enum JobState {
    PENDING, DISPATCHING, WAITING_RESULT, RESULT_RECEIVED, DELIVERING, DONE, FAILED, DEAD_LETTER;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            PENDING, EnumSet.of(DISPATCHING),
            // issue 3: a DICOM dispatch is done when the vendor acknowledged every instance
            DISPATCHING, EnumSet.of(WAITING_RESULT, DONE, FAILED),
            WAITING_RESULT, EnumSet.of(RESULT_RECEIVED, FAILED),
            RESULT_RECEIVED, EnumSet.of(DELIVERING, FAILED),
            DELIVERING, EnumSet.of(DONE, FAILED),
            DONE, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(PENDING, DEAD_LETTER),
            DEAD_LETTER, EnumSet.of(PENDING));

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
        return this == DISPATCHING || this == WAITING_RESULT || this == RESULT_RECEIVED || this == DELIVERING;
    }

    /** Nothing more happens to the job unless an operator replays it. */
    public boolean isFinal() {
        return this == DONE || this == DEAD_LETTER;
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
