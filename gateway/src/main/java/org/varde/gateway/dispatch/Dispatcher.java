package org.varde.gateway.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.gateway.routing.Algorithm;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs adapter calls to vendors' algorithms, each algorithm behind its own guards: a concurrency limit
 * (its catalogue {@code concurrency}; further calls wait in a bounded queue, no thread blocked), a
 * per-call timeout (its catalogue {@code timeout}; the adapter aborts the association when it fires)
 * and a circuit breaker (open after consecutive vendor failures, fail fast while open, one probe
 * after the cool-down).
 *
 * <p>It knows nothing of the job store: the caller claims a job, calls {@link #dispatch} and records
 * the outcome as the job's next state. All its state lives on one Vert.x context, so it never locks
 * and never blocks; {@link #dispatch} may be called from any thread.
 */
public final class Dispatcher {
    private final Vertx vertx;
    private final Context context;
    private final Map<String, AlgorithmAdapter> adapters;
    private final DispatcherOptions options;
    private final DispatchListener listener;
    // written on the context only; concurrent so that the read-only accessors may look from anywhere
    private final Map<String, AlgorithmLane> lanes = new ConcurrentHashMap<>();
    private boolean closing;

    /** @param adapters by protocol name ({@code AlgorithmProtocols#adapters}) */
    public Dispatcher(Vertx vertx, Map<String, AlgorithmAdapter> adapters, DispatcherOptions options,
                      DispatchListener listener) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.adapters = Map.copyOf(adapters);
        this.options = options;
        this.listener = listener == null ? DispatchListener.NONE : listener;
    }

    /**
     * @return the vendor's receipt when it acknowledged every instance, otherwise a failed future
     *         whose cause is a {@link DispatchFailure}
     */
    public Future<DispatchReceipt> dispatch(Algorithm algorithm, DispatchJob job) {
        Promise<DispatchReceipt> result = Promise.promise();
        if (Vertx.currentContext() == context) {
            submit(algorithm, job, result);
        } else {
            context.runOnContext(v -> submit(algorithm, job, result));
        }
        return result.future();
    }

    /** Whether an adapter for {@code protocol} is configured: without one no dispatch can ever succeed. */
    public boolean serves(String protocol) {
        return adapters.containsKey(protocol);
    }

    private void submit(Algorithm algorithm, DispatchJob job, Promise<DispatchReceipt> result) {
        String protocol = algorithm.endpoint().protocol();
        AlgorithmAdapter adapter = adapters.get(protocol);
        DispatchRequest request;
        try {
            if (closing) {
                throw DispatchFailure.of(Kind.INTERNAL, "the dispatcher is shutting down");
            }
            if (adapter == null) {
                throw DispatchFailure.permanent(Kind.INTERNAL, "no adapter for " + protocol + " endpoints (algorithm " + algorithm.id() + ")");
            }
            request = DispatchRequests.of(algorithm, job);
        } catch (DispatchFailure | RuntimeException e) {
            DispatchFailure failure = e instanceof DispatchFailure f ? f : DispatchFailure.of(Kind.INTERNAL, e.getMessage(), e);
            listener.failed(algorithm.id(), failure.kind(), Duration.ZERO);
            result.fail(failure);
            return;
        }
        lanes.computeIfAbsent(algorithm.id(), id -> new AlgorithmLane(vertx, id, options, listener))
                .submit(algorithm.concurrency(), adapter, request, result);
    }

    /**
     * Stops taking calls: new and waiting calls fail with {@code INTERNAL}; the future completes when
     * the calls on the wire have ended (each is bounded by its timeout).
     */
    public Future<Void> close() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            this.closing = true;
            Future.all(lanes.values().stream().map(AlgorithmLane::close).toList()).<Void>mapEmpty().onComplete(closed);
        });
        return closed.future();
    }

    /** {@link BreakerState#CLOSED} for an algorithm never called. */
    public BreakerState breakerState(String algorithmId) {
        AlgorithmLane lane = lanes.get(algorithmId);
        return lane == null ? BreakerState.CLOSED : lane.breakerState();
    }

    public int inFlight(String algorithmId) {
        AlgorithmLane lane = lanes.get(algorithmId);
        return lane == null ? 0 : lane.inFlight();
    }

    public int queued(String algorithmId) {
        AlgorithmLane lane = lanes.get(algorithmId);
        return lane == null ? 0 : lane.queued();
    }

    /** Breaker state of every algorithm called so far, for the API and a metrics gauge. */
    public Map<String, BreakerState> breakerStates() {
        Map<String, BreakerState> states = new HashMap<>();
        lanes.forEach((id, lane) -> states.put(id, lane.breakerState()));
        return states;
    }
}
