package org.varde.gateway.dispatch;

import org.varde.connectors.algorithm.DispatchFailure;

import java.time.Duration;

/**
 * What the dispatcher reports, for metrics. Called on the dispatcher's event loop: implementations
 * must not block. Every method has an empty default.
 */
public interface DispatchListener {
    DispatchListener NONE = new DispatchListener() {
    };

    /** The vendor acknowledged everything; {@code latency} runs from the adapter call to the receipt. */
    default void succeeded(String algorithmId, Duration latency) {
    }

    /** A call failed; calls refused by the dispatcher itself report {@link Duration#ZERO}. */
    default void failed(String algorithmId, DispatchFailure.Kind kind, Duration latency) {
    }

    default void breakerChanged(String algorithmId, BreakerState from, BreakerState to) {
    }

    /** Calls on the wire and calls waiting for a slot, after every change of either. */
    default void occupancyChanged(String algorithmId, int inFlight, int queued) {
    }
}
