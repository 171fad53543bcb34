package org.varde.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.ResultSink;
import org.varde.gateway.priority.PriorityPolicy;

import io.vertx.core.Vertx;

/**
 * The delivery stage's front: a result that may go out becomes one delivery per sink its route or
 * algorithm feeds, with the priority its policy decides; a lane per sink works them off. Deliveries
 * due from before a restart are picked up at start and by a periodic sweep (backoff, other nodes'
 * expired leases).
 */
public final class DeliveryStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStage.class);

    /**
     * A result ready to go out, as the results stage hands it over.
     *
     * @param chosenPriority a reviewer's own choice on approval (issue 12), instead of {@code policy}'s:
     *                       empty when nobody chose; a choice of no priority is a present empty inner value
     */
    public record ReadyResult(String resultId, int resultVersion, String jobId, String studyInstanceUid,
                              String algorithmId, AlgorithmResult result, DeliveryMode mode, List<String> sinks,
                              PriorityPolicy policy, Optional<WorklistPriority> heldByRis,
                              Optional<Optional<WorklistPriority>> chosenPriority) {
        public ReadyResult {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(chosenPriority, "chosenPriority");
            sinks = List.copyOf(sinks);
        }

        /** A result nobody reviewed: the policy decides its priority. */
        public ReadyResult(String resultId, int resultVersion, String jobId, String studyInstanceUid,
                           String algorithmId, AlgorithmResult result, DeliveryMode mode, List<String> sinks,
                           PriorityPolicy policy, Optional<WorklistPriority> heldByRis) {
            this(resultId, resultVersion, jobId, studyInstanceUid, algorithmId, result, mode, sinks, policy, heldByRis,
                    Optional.empty());
        }
    }

    private final Vertx vertx;
    private final DeliveryStore store;
    private final Map<String, SinkLane> lanes = new LinkedHashMap<>();
    private final int maxAttempts;
    private long sweepTimer = -1;
    private volatile java.util.function.Consumer<Delivery> onFinished = d -> { };

    /** Each sink's deliveries one at a time. */
    public DeliveryStage(Vertx vertx, DeliveryStore store, Map<String, ResultSink> sinks, ResultSource source,
                         DeliveryMetrics metrics, String nodeId, Duration lease, int maxAttempts, Clock clock) {
        this(vertx, store, sinks, Map.of(), source, metrics, nodeId, lease, maxAttempts, clock);
    }

    /** @param concurrency per sink, how many of its deliveries are sent at once (1 where not named) */
    public DeliveryStage(Vertx vertx, DeliveryStore store, Map<String, ResultSink> sinks, Map<String, Integer> concurrency,
                         ResultSource source, DeliveryMetrics metrics, String nodeId, Duration lease, int maxAttempts,
                         Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.maxAttempts = maxAttempts;
        sinks.forEach((name, sink) -> lanes.put(name, new SinkLane(vertx, name, sink, concurrency.getOrDefault(name, 1),
                store, source, metrics, nodeId, lease, clock, d -> onFinished.accept(d))));
    }

    /**
     * Told of each delivery that reached a final state (delivered, kept, dead-lettered), on its lane's
     * worker: where the job learns that its deliveries are done. Set before {@link #start}.
     */
    public void onFinished(java.util.function.Consumer<Delivery> listener) {
        this.onFinished = listener;
    }

    /** The names of the sinks this stage has a lane for. */
    public java.util.Set<String> sinks() {
        return java.util.Collections.unmodifiableSet(lanes.keySet());
    }

    /** Starts the lanes and a sweep every {@code every} for retries whose backoff has passed. */
    public void start(Duration every) {
        lanes.values().forEach(SinkLane::wake);
        sweepTimer = vertx.setPeriodic(every.toMillis(), id -> lanes.values().forEach(SinkLane::wake));
    }

    /**
     * Creates the deliveries of a result (idempotent: a second call for the same result version finds
     * the same rows). Blocking (JDBC): call it from a worker.
     */
    public List<Delivery> accept(ReadyResult ready) {
        Optional<WorklistPriority> held = max(ready.heldByRis(), store.highestAsked(ready.studyInstanceUid()));
        Optional<WorklistPriority> priority = ready.chosenPriority().isPresent()
                ? chosen(ready.chosenPriority().get(), held) : ready.policy().decide(ready.result(), held);
        List<NewDelivery> toCreate = new ArrayList<>();
        for (String sink : ready.sinks()) {
            if (!lanes.containsKey(sink)) {
                // config validation refuses routes naming unknown outputs; a reload may still race
                LOG.warn("result {}: sink {} is not configured; no delivery created for it", ready.resultId(), sink);
                continue;
            }
            toCreate.add(new NewDelivery(ready.resultId(), ready.resultVersion(), ready.jobId(),
                    ready.studyInstanceUid(), ready.algorithmId(), sink, ready.mode(), priority, maxAttempts));
        }
        List<Delivery> created = toCreate.isEmpty() ? List.of() : store.create(toCreate);
        // straight from here (wake() only hands a claiming round to the lane's own workers): no event-loop hop
        created.forEach(d -> lanes.get(d.sink()).wake());
        return created;
    }

    public DeliveryStore store() {
        return store;
    }

    /** An operator's replay; the lane is woken so it goes out now. */
    public Optional<Delivery> retry(String id, String actor) {
        Optional<Delivery> d = store.retry(id, actor);
        d.ifPresent(x -> {
            SinkLane lane = lanes.get(x.sink());
            if (lane != null) {
                vertx.runOnContext(v -> lane.wake());
            }
        });
        return d;
    }

    /** A reviewer's choice, under the policy's rule that Varde only ever moves a study up the worklist. */
    private static Optional<WorklistPriority> chosen(Optional<WorklistPriority> choice, Optional<WorklistPriority> held) {
        if (choice.isPresent() && held.isPresent() && !choice.get().isHigherThan(held.get())) {
            return Optional.empty();
        }
        return choice;
    }

    private static Optional<WorklistPriority> max(Optional<WorklistPriority> a, Optional<WorklistPriority> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }

    @Override
    public void close() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        lanes.values().forEach(SinkLane::close);
    }
}
