package org.varde.gateway.jobs;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.varde.gateway.jobs.JobState.DEAD_LETTER;
import static org.varde.gateway.jobs.JobState.DELIVERING;
import static org.varde.gateway.jobs.JobState.DISCARDED;
import static org.varde.gateway.jobs.JobState.DISPATCHING;
import static org.varde.gateway.jobs.JobState.DONE;
import static org.varde.gateway.jobs.JobState.FAILED;
import static org.varde.gateway.jobs.JobState.PENDING;
import static org.varde.gateway.jobs.JobState.QUARANTINED;
import static org.varde.gateway.jobs.JobState.RESULT_RECEIVED;
import static org.varde.gateway.jobs.JobState.WAITING_RESULT;

class JobStateTest {
    /** The machine of issues 3, 7, 11 (an operator discards a dead letter) and 12 (review), written out independently of the enum's table. */
    private static final Map<JobState, Set<JobState>> EXPECTED = Map.ofEntries(
            Map.entry(JobState.AWAITING_REVIEW, EnumSet.of(DELIVERING, DONE, FAILED)),
            Map.entry(PENDING, EnumSet.of(DISPATCHING)),
            Map.entry(DISPATCHING, EnumSet.of(WAITING_RESULT, DONE, FAILED)),
            Map.entry(WAITING_RESULT, EnumSet.of(RESULT_RECEIVED, QUARANTINED, FAILED)),
            Map.entry(RESULT_RECEIVED, EnumSet.of(DELIVERING, JobState.AWAITING_REVIEW, FAILED)),
            Map.entry(DELIVERING, EnumSet.of(DONE, FAILED)),
            Map.entry(DONE, EnumSet.noneOf(JobState.class)),
            Map.entry(FAILED, EnumSet.of(PENDING, DEAD_LETTER)),
            Map.entry(DEAD_LETTER, EnumSet.of(PENDING, DISCARDED)),
            Map.entry(QUARANTINED, EnumSet.of(PENDING)),
            Map.entry(DISCARDED, EnumSet.noneOf(JobState.class)));

    @Test
    void everyPairIsAllowedExactlyWhenTheMachineHasTheEdge() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertEquals(expected, from.canMoveTo(to), from + " -> " + to);
                if (!expected) {
                    IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                            () -> from.requireMoveTo(to));
                    assertEquals(from, e.from());
                    assertEquals(to, e.to());
                }
            }
        }
    }

    @Test
    void dicomJobMayBeDoneRightAfterDispatching() {
        assertTrue(DISPATCHING.canMoveTo(DONE));
        assertFalse(PENDING.canMoveTo(DONE), "a job is never done without being dispatched");
    }

    @Test
    void everyActiveStateMayFailAndOnlyThose() {
        assertEquals(EnumSet.of(DISPATCHING, WAITING_RESULT, RESULT_RECEIVED, JobState.AWAITING_REVIEW, DELIVERING),
                JobState.active());
        for (JobState state : JobState.values()) {
            assertEquals(state.isActive(), state.canMoveTo(FAILED), state.toString());
        }
    }

    @Test
    void onlyDoneDeadLetterQuarantinedAndDiscardedAreFinal() {
        for (JobState state : JobState.values()) {
            assertEquals(state == DONE || state == DEAD_LETTER || state == QUARANTINED || state == DISCARDED,
                    state.isFinal(), state.toString());
        }
    }

    @Test
    void onlyDispatchingHoldsALeaseTheLaterStagesRestHandedOver() {
        assertEquals(EnumSet.of(DISPATCHING), JobState.leased());
        assertTrue(WAITING_RESULT.isHandedOver());
        assertTrue(RESULT_RECEIVED.isHandedOver());
        assertTrue(DELIVERING.isHandedOver(), "its deliveries hold their own leases");
    }

    @Test
    void nextIsReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> PENDING.next().add(DONE));
    }
}
