package org.varde.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * The deliveries to one sink: claimed, built, sent (or kept, on shadow routes) on this sink's own
 * worker thread, so a sink that hangs until its timeout delays only its own deliveries.
 */
final class SinkLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLane.class);
    private static final int BATCH = 16;

    private final String name;
    private final ResultSink sink;
    private final DeliveryStore store;
    private final ResultSource source;
    private final DeliveryMetrics metrics;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;
    private final WorkerExecutor worker;
    private final java.util.function.Consumer<Delivery> onFinished;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean closed;

    SinkLane(Vertx vertx, String name, ResultSink sink, DeliveryStore store, ResultSource source, DeliveryMetrics metrics,
             String nodeId, Duration lease, Clock clock, java.util.function.Consumer<Delivery> onFinished) {
        this.name = name;
        this.onFinished = onFinished;
        this.sink = sink;
        this.store = store;
        this.source = source;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
        this.worker = vertx.createSharedWorkerExecutor("varde-delivery-" + name, 1, lease.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Works through what is due now; a call while a round runs asks for one more round after it. */
    void wake() {
        if (closed) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        worker.executeBlocking(this::drain, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("delivery lane {}: round failed, next round retries: {}", name, ar.cause().toString());
            }
            running.set(false);
            if (again.getAndSet(false)) {
                wake();
            }
        });
    }

    private Void drain() {
        List<Delivery> claimed;
        do {
            claimed = store.claim(name, nodeId, lease, BATCH, clock.instant());
            claimed.forEach(this::deliver);
        } while (claimed.size() == BATCH);
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
            PreparedDelivery prepared = sink.prepare(content);
            store.prepared(d.id(), nodeId, prepared.mediaType(), prepared.text());
            if (d.mode() == DeliveryMode.SHADOW) {
                finished(store.kept(d.id(), nodeId));
                return;
            }
            String receipt = sink.send(prepared);
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

    private void finished(Delivery d) {
        metrics.outcome(name, d.state());
        if (d.state().isFinished()) {
            try {
                onFinished.accept(d);
            } catch (RuntimeException e) {
                // the job's own sweep catches up with what this listener could not do
                LOG.warn("delivery {}: after it finished: {}", d.id(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.close();
        sink.close();
    }
}
