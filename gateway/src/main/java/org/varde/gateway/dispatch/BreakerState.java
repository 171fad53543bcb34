package org.varde.gateway.dispatch;

/** The three states of a circuit breaker, as metrics and the API report them. */
public enum BreakerState {
    /** Calls go through; consecutive vendor failures are counted. */
    CLOSED,
    /** Calls fail fast without touching the network until the cool-down has passed. */
    OPEN,
    /** One probe call may go through; its outcome closes or re-opens the breaker. */
    HALF_OPEN
}
