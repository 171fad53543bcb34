package org.varde.gateway.dispatch;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * One algorithm's breaker: closed → open after {@code threshold} consecutive vendor failures → half-open
 * when the cool-down has passed, letting one probe through → closed when the probe succeeds, open again
 * when it fails. Only vendor faults count (see {@code DispatchFailure.Kind#isVendorFault}): a full queue
 * or an unreadable spool file says nothing about the vendor. Used on one Vert.x context only.
 */
final class CircuitBreaker {
    interface Transitions {
        void changed(BreakerState from, BreakerState to);
    }

    private final Vertx vertx;
    private final int threshold;
    private final Duration coolDown;
    private final Transitions transitions;
    private volatile BreakerState state = BreakerState.CLOSED;
    private int consecutiveFailures;
    private boolean probeInFlight;

    CircuitBreaker(Vertx vertx, int threshold, Duration coolDown, Transitions transitions) {
        this.vertx = vertx;
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.transitions = transitions;
    }

    BreakerState state() {
        return state;
    }

    /** A permit to call the vendor now, or null when the call must fail fast. */
    Permit tryAcquire() {
        return switch (state) {
            case CLOSED -> Permit.REGULAR;
            case HALF_OPEN -> probeInFlight ? null : probe();
            case OPEN -> null;
        };
    }

    private Permit probe() {
        probeInFlight = true;
        return Permit.PROBE;
    }

    void succeeded(Permit permit) {
        if (state == BreakerState.CLOSED) {
            consecutiveFailures = 0;
        } else if (permit == Permit.PROBE && state == BreakerState.HALF_OPEN) {
            probeInFlight = false;
            consecutiveFailures = 0;
            moveTo(BreakerState.CLOSED);
        }
        // a call started before the breaker opened proves little about the vendor now: ignored
    }

    void failed(Permit permit, boolean vendorFault) {
        if (!vendorFault) {
            if (permit == Permit.PROBE) {
                probeInFlight = false;  // inconclusive: the next call may probe
            }
            return;
        }
        if (state == BreakerState.CLOSED && ++consecutiveFailures >= threshold) {
            open();
        } else if (permit == Permit.PROBE && state == BreakerState.HALF_OPEN) {
            probeInFlight = false;
            open();
        }
    }

    private void open() {
        moveTo(BreakerState.OPEN);
        vertx.setTimer(coolDown.toMillis(), id -> moveTo(BreakerState.HALF_OPEN));
    }

    private void moveTo(BreakerState next) {
        BreakerState previous = state;
        state = next;
        transitions.changed(previous, next);
    }

    /** Whether a call went through as an ordinary call or as the half-open probe. */
    enum Permit { REGULAR, PROBE }
}
