package org.varde.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The calls to one algorithm: at most {@code limit} on the wire, the rest waiting in a bounded queue
 * (a waiting call is a queued promise, not a parked thread), all behind the algorithm's breaker.
 * Used on the dispatcher's context only; the counters are volatile so they can be read elsewhere.
 */
final class AlgorithmLane {
    private static final Logger LOG = LoggerFactory.getLogger(AlgorithmLane.class);

    private record Waiting(AlgorithmAdapter adapter, DispatchRequest request, Promise<DispatchReceipt> result) {
    }

    private final Vertx vertx;
    private final String algorithmId;
    private final DispatcherOptions options;
    private final DispatchListener listener;
    private final CircuitBreaker breaker;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private Promise<Void> drained;
    private volatile int limit = 1;
    private volatile int inFlight;
    private volatile int queued;

    AlgorithmLane(Vertx vertx, String algorithmId, DispatcherOptions options, DispatchListener listener) {
        this.vertx = vertx;
        this.algorithmId = algorithmId;
        this.options = options;
        this.listener = listener;
        this.breaker = new CircuitBreaker(vertx, options.breakerFailureThreshold(), options.breakerCoolDown(),
                this::breakerChanged);
    }

    private void breakerChanged(BreakerState from, BreakerState to) {
        if (to == BreakerState.OPEN) {
            LOG.warn("circuit breaker for {} {} -> {}: calls fail fast for {} ms", algorithmId, from, to,
                    options.breakerCoolDown().toMillis());
        } else {
            LOG.info("circuit breaker for {} {} -> {}", algorithmId, from, to);
        }
        listener.breakerChanged(algorithmId, from, to);
    }

    BreakerState breakerState() {
        return breaker.state();
    }

    int inFlight() {
        return inFlight;
    }

    int queued() {
        return queued;
    }

    /** The catalogue may change on reload: the newest limit applies from this call on. */
    void submit(int concurrencyLimit, AlgorithmAdapter adapter, DispatchRequest request, Promise<DispatchReceipt> result) {
        limit = concurrencyLimit;
        if (breaker.state() == BreakerState.OPEN) {
            refuse(result, Kind.CIRCUIT_OPEN, "circuit breaker for " + algorithmId + " is open");
        } else if (inFlight >= limit && queue.size() >= options.queueLimit()) {
            refuse(result, Kind.QUEUE_FULL, queue.size() + " calls to " + algorithmId + " are already waiting");
        } else {
            // first in, first out: a call never overtakes one that waited before it
            queue.add(new Waiting(adapter, request, result));
            pump();
        }
    }

    private void start(Waiting call) {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            refuse(call.result, Kind.CIRCUIT_OPEN, "circuit breaker for " + algorithmId + " is " + breaker.state()
                    + (breaker.state() == BreakerState.HALF_OPEN ? " and its one probe is on the wire" : ""));
            return;
        }
        inFlight++;
        occupancyChanged();
        long started = System.nanoTime();
        guarded(call).onComplete(done -> {
            inFlight--;
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (done.succeeded()) {
                breaker.succeeded(permit);
                listener.succeeded(algorithmId, latency);
                call.result.tryComplete(done.result());
            } else {
                DispatchFailure failure = asDispatchFailure(done.cause());
                breaker.failed(permit, failure.kind().isVendorFault());
                listener.failed(algorithmId, failure.kind(), latency);
                call.result.tryFail(failure);
            }
            pump();
            completeDrainIfIdle();
        });
    }

    /**
     * The adapter's own timeout aborts the association; this backstop, a grace period later, frees
     * the slot even if an adapter fails to honour it.
     */
    private Future<DispatchReceipt> guarded(Waiting call) {
        Promise<DispatchReceipt> outcome = Promise.promise();
        Duration backstop = call.request.timeout().plus(options.timeoutGrace());
        long timer = vertx.setTimer(Math.max(1, backstop.toMillis()), id -> outcome.tryFail(DispatchFailure.of(
                Kind.TIMEOUT, "adapter for " + algorithmId + " did not finish within " + backstop.toMillis() + " ms")));
        Future<DispatchReceipt> attempt;
        try {
            attempt = call.adapter.dispatch(call.request);
        } catch (RuntimeException e) {
            attempt = Future.failedFuture(e);
        }
        attempt.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                outcome.tryComplete(done.result());
            } else {
                outcome.tryFail(done.cause());
            }
        });
        return outcome.future();
    }

    /**
     * Fails the calls still waiting (their jobs stay claimable once their leases lapse) and completes
     * when the calls on the wire have ended, each within its timeout.
     */
    Future<Void> close() {
        if (drained == null) {
            drained = Promise.promise();
            while (!queue.isEmpty()) {
                refuse(queue.poll().result, Kind.INTERNAL, "the dispatcher is shutting down");
            }
            occupancyChanged();
            completeDrainIfIdle();
        }
        return drained.future();
    }

    private void completeDrainIfIdle() {
        if (drained != null && inFlight == 0) {
            drained.tryComplete();
        }
    }

    private void pump() {
        while (inFlight < limit && !queue.isEmpty()) {
            Waiting next = queue.poll();
            queued = queue.size();
            start(next);
        }
        occupancyChanged();
    }

    private void refuse(Promise<DispatchReceipt> result, Kind kind, String why) {
        listener.failed(algorithmId, kind, Duration.ZERO);
        result.tryFail(DispatchFailure.of(kind, why));
    }

    private void occupancyChanged() {
        queued = queue.size();
        listener.occupancyChanged(algorithmId, inFlight, queued);
    }

    private static DispatchFailure asDispatchFailure(Throwable cause) {
        return cause instanceof DispatchFailure failure ? failure
                : DispatchFailure.of(Kind.INTERNAL, "adapter failed unexpectedly: " + cause, cause);
    }
}
