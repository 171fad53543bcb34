package org.varde.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * The deliveries to one sink: claimed, built, sent (or kept, on shadow routes) on this sink's own
 * workers, so a sink that hangs until its timeout delays only its own deliveries. Up to
 * {@code concurrency} deliveries are in flight at once (a FHIR server takes transactions in parallel;
 * HL7 goes one at a time); a delivery is claimed only when a worker is free for it, so no leased row
 * waits in a queue. The lane is woken when deliveries are created or replayed, when one of its sends
 * ends, and at the time a retry is due; the stage's sweep is only the safety net.
 */
final class SinkLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLane.class);
    private static final int BATCH = 16;

    private final Vertx vertx;
    private final String name;
    private final ResultSink sink;
    private final DeliveryStore store;
    private final ResultSource source;
    private final DeliveryMetrics metrics;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;
    private final int concurrency;
    private final WorkerExecutor worker;
    private final java.util.function.Consumer<Delivery> onFinished;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    SinkLane(Vertx vertx, String name, ResultSink sink, int concurrency, DeliveryStore store, ResultSource source,
             DeliveryMetrics metrics, String nodeId, Duration lease, Clock clock,
             java.util.function.Consumer<Delivery> onFinished) {
        this.vertx = vertx;
        this.name = name;
        this.onFinished = onFinished;
        this.sink = sink;
        this.concurrency = concurrency;
        this.store = store;
        this.source = source;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
        // one thread more than the sends: the claiming round never waits behind a send
        this.worker = vertx.createSharedWorkerExecutor("varde-delivery-" + name, concurrency + 1, lease.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Claims what is due now, as far as workers are free; a call while a round runs asks for one more. */
    void wake() {
        if (closed) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        worker.executeBlocking(this::claimRound, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("delivery lane {}: round failed, next round retries: {}", name, ar.cause().toString());
            }
            claiming.set(false);
            if (again.getAndSet(false)) {
                wake();
            }
        });
    }

    private Void claimRound() {
        int free = concurrency - inFlight.get();
        if (free <= 0) {
            return null;   // a send that ends wakes the lane
        }
        List<Delivery> claimed = store.claim(name, nodeId, lease, Math.min(free, BATCH), clock.instant());
        for (Delivery d : claimed) {
            inFlight.incrementAndGet();
            metrics.waited(name, Duration.between(d.nextAttemptAt().isAfter(d.createdAt()) ? d.nextAttemptAt()
                    : d.createdAt(), clock.instant()));
            worker.executeBlocking(() -> {
                deliver(d);
                return null;
            }, false).onComplete(ar -> {
                inFlight.decrementAndGet();
                wake();
            });
        }
        return null;
    }

    private void deliver(Delivery d) {
        Instant start = clock.instant();
        try {
            Optional<ResultSource.Deliverable> found = source.find(d.resultId(), d.resultVersion());
            if (found.isEmpty()) {
                finished(store.failed(d.id(), nodeId, "result " + d.resultId() + " version " + d.resultVersion()
                        + " or its study is no longer held: nothing to deliver", false));
                return;
            }
            ResultSource.Deliverable r = found.get();
            DeliveryContent content = new DeliveryContent(new ReportKey(d.resultId(), d.resultVersion()), r.result(),
                    r.context(), d.priority(), r.receivedAt(), r.review());
            content = neverLower(d, content);
            PreparedDelivery prepared = sink.prepare(content);
            Instant built = clock.instant();
            metrics.step(name, "prepare", Duration.between(start, built));
            store.prepared(d.id(), nodeId, prepared.mediaType(), prepared.text());
            if (d.mode() == DeliveryMode.SHADOW) {
                finished(store.kept(d.id(), nodeId));
                return;
            }
            String receipt = sink.send(prepared);
            metrics.step(name, "send", Duration.between(built, clock.instant()));
            metrics.sent(name, Duration.between(start, clock.instant()));
            finished(store.delivered(d.id(), nodeId, receipt));
            LOG.info("delivery {} of result {} to {} delivered", d.id(), d.resultId(), name);
        } catch (SinkFailure f) {
            finished(store.failed(d.id(), nodeId, f.getMessage(), f.retryable()));
        } catch (IllegalStateException e) {
            // our lease ran out and another node took the delivery: it is theirs now
            LOG.warn("delivery {} to {}: {}", d.id(), name, e.getMessage());
        } catch (Exception e) {
            LOG.warn("delivery {} to {} failed on our side", d.id(), name, e);
            finished(store.failed(d.id(), nodeId, "internal: " + e, true));
        }
    }

    /**
     * The "never lowering a priority the RIS already holds": where the sink can ask its peer
     * (FHIR: the order's ServiceRequest), a priority not above what the peer holds is not sent, and the
     * delivery's history says so. Where it cannot (HL7), the stage compared with what Varde last asked.
     */
    private DeliveryContent neverLower(Delivery d, DeliveryContent content) throws SinkFailure {
        if (d.priority().isEmpty()) {
            return content;
        }
        Optional<WorklistPriority> held = sink.heldPriority(content);
        if (held.isEmpty() || d.priority().get().isHigherThan(held.get())) {
            held.ifPresent(h -> store.note(d.id(), nodeId, "the RIS holds priority " + h.fhirCode() + "; asking for "
                    + d.priority().get().fhirCode() + " raises it"));
            return content;
        }
        store.priorityWithdrawn(d.id(), nodeId, "the RIS holds priority " + held.get().fhirCode() + "; "
                + d.priority().get().fhirCode() + " would not raise it: no priority sent (Varde never lowers one)");
        return new DeliveryContent(content.key(), content.result(), content.context(), Optional.empty(), content.at(),
                content.review());
    }

    private void finished(Delivery d) {
        metrics.outcome(name, d.state());
        if (d.state() == DeliveryState.PENDING) {
            wakeAt(d.nextAttemptAt());
        }
        if (d.state().isFinished()) {
            // off this lane's threads: the job's bookkeeping (its deliveries read, maybe DONE) does not hold
            // up the lane's next delivery, which on a one-at-a-time lane (HL7) is what its queue waits for
            vertx.executeBlocking(() -> {
                onFinished.accept(d);
                return null;
            }, false).onFailure(e ->
                    // the job's own sweep catches up with what this listener could not do
                    LOG.warn("delivery {}: after it finished: {}", d.id(), e.toString()));
        }
    }

    /** A retry goes out when its backoff ends, not at the next sweep. */
    private void wakeAt(Instant due) {
        long delay = Math.max(1, Duration.between(clock.instant(), due).toMillis() + 1);
        if (!closed) {
            vertx.setTimer(delay, id -> wake());
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.close();
        sink.close();
    }
}
