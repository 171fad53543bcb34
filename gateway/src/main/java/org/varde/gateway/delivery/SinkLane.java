package org.varde.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * {@code concurrency} deliveries are sent at once (a FHIR server takes transactions in parallel;
 * HL7 goes one at a time), always started in the order they were claimed. The lane works one step
 * ahead: while its sends wait for their acknowledgements, the next due delivery ({@link #AHEAD}) is
 * claimed, its result and study read and its message built, so it goes out as soon as a send slot
 * frees; and a finished send's outcome (with what was sent) is recorded in one transaction while the
 * next one is on the wire. A delivery is claimed only when such a place is free, so no leased row
 * waits longer than the sends ahead of it (its lease is renewed if that took half of it). The lane is
 * woken when deliveries are created or replayed, when one of its deliveries ends, and at the time a
 * retry is due; the stage's sweep is only the safety net.
 */
final class SinkLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLane.class);
    private static final int BATCH = 16;
    /** Deliveries claimed and built ahead of the sends in progress. */
    static final int AHEAD = 1;

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
    /** Claimed and not yet recorded as ended: being built, waiting for a send slot, sent, or recording. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Claimed deliveries in claim order, until their send starts (or they end without one); guarded by itself. */
    private final Deque<Turn> turns = new ArrayDeque<>();
    /** Sends on the wire; guarded by {@link #turns}. */
    private int sending;
    private volatile boolean closed;

    /** One claimed delivery on its way through the lane. */
    private static final class Turn {
        final Delivery delivery;
        final Instant claimedAt;
        volatile PreparedDelivery prepared;   // set when built and to be sent
        Duration building = Duration.ZERO;
        volatile boolean ended;               // ended without a send (shadow, failed to build, lease lost)

        Turn(Delivery delivery, Instant claimedAt) {
            this.delivery = delivery;
            this.claimedAt = claimedAt;
        }
    }

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
        // a thread for each delivery in flight and one for the claiming round: a round never waits behind a send
        this.worker = vertx.createSharedWorkerExecutor("varde-delivery-" + name, concurrency + AHEAD + 1,
                lease.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Claims what is due now, as far as places are free; a call while a round runs asks for one more. */
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
        int free = concurrency + AHEAD - inFlight.get();
        if (free <= 0) {
            return null;   // a delivery that ends wakes the lane
        }
        List<Delivery> claimed = store.claim(name, nodeId, lease, Math.min(free, BATCH), clock.instant());
        for (Delivery d : claimed) {
            inFlight.incrementAndGet();
            Instant now = clock.instant();
            metrics.waited(name, Duration.between(d.nextAttemptAt().isAfter(d.createdAt()) ? d.nextAttemptAt()
                    : d.createdAt(), now));
            Turn turn = new Turn(d, now);
            synchronized (turns) {
                turns.add(turn);
            }
            worker.executeBlocking(() -> {
                build(turn);
                return null;
            }, false).onComplete(ar -> {
                if (ar.failed()) {
                    // build() records its own failures; this is a bug, and the lease gives the row back
                    LOG.warn("delivery {} to {}: {}", d.id(), name, ar.cause().toString());
                    turn.ended = true;
                }
                if (turn.ended) {
                    ended();
                }
                startSends();
            });
        }
        return null;
    }

    /**
     * Reads what the delivery carries and builds its message; a shadow delivery is kept here, a failure
     * recorded. Sets {@link Turn#prepared} when there is something to send, else {@link Turn#ended}.
     */
    private void build(Turn turn) {
        Delivery d = turn.delivery;
        Instant start = clock.instant();
        try {
            Optional<ResultSource.Deliverable> found = source.find(d.resultId(), d.resultVersion());
            if (found.isEmpty()) {
                turn.ended = true;
                finished(store.failed(d.id(), nodeId, "result " + d.resultId() + " version " + d.resultVersion()
                        + " or its study is no longer held: nothing to deliver", false));
                return;
            }
            ResultSource.Deliverable r = found.get();
            DeliveryContent content = new DeliveryContent(new ReportKey(d.resultId(), d.resultVersion()), r.result(),
                    r.context(), d.priority(), r.receivedAt(), r.review());
            content = neverLower(d, content);
            PreparedDelivery prepared = sink.prepare(content);
            turn.building = Duration.between(start, clock.instant());
            metrics.step(name, "prepare", turn.building);
            if (d.mode() == DeliveryMode.SHADOW) {
                turn.ended = true;
                finished(store.kept(d.id(), nodeId, prepared));
                return;
            }
            turn.prepared = prepared;
        } catch (SinkFailure f) {
            turn.ended = true;
            finished(store.failed(d.id(), nodeId, f.getMessage(), f.retryable()));
        } catch (IllegalStateException e) {
            // our lease ran out and another node took the delivery: it is theirs now
            turn.ended = true;
            LOG.warn("delivery {} to {}: {}", d.id(), name, e.getMessage());
        } catch (Exception e) {
            turn.ended = true;
            LOG.warn("delivery {} to {} failed on our side", d.id(), name, e);
            finished(store.failed(d.id(), nodeId, "internal: " + e, true));
        }
    }

    /**
     * Starts the sends whose turn it is: the oldest claimed deliveries, in claim order, as far as send
     * slots are free. A built delivery behind one still being built waits for it (HL7: the RIS gets the
     * messages in the order they were due).
     */
    private void startSends() {
        List<Turn> start = new ArrayList<>();
        synchronized (turns) {
            while (!turns.isEmpty() && !closed) {
                Turn head = turns.peek();
                if (head.ended) {
                    turns.poll();
                } else if (head.prepared != null && sending < concurrency) {
                    turns.poll();
                    sending++;
                    start.add(head);
                } else {
                    break;
                }
            }
        }
        for (Turn turn : start) {
            worker.executeBlocking(() -> {
                send(turn);
                return null;
            }, false).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("delivery {} to {}: {}", turn.delivery.id(), name, ar.cause().toString());
                }
                ended();
            });
        }
    }

    private void send(Turn turn) {
        Delivery d = turn.delivery;
        PreparedDelivery prepared = turn.prepared;
        boolean slotFreed = false;
        try {
            keepLease(turn);
            Instant start = clock.instant();
            String receipt = sink.send(prepared);
            Instant acknowledged = clock.instant();
            slotFreed = sendEnded();
            metrics.step(name, "send", Duration.between(start, acknowledged));
            // built and sent, as before the lane worked ahead: not the wait for the sends before it
            metrics.sent(name, turn.building.plus(Duration.between(start, acknowledged)));
            finished(store.delivered(d.id(), nodeId, receipt, prepared));
            LOG.info("delivery {} of result {} to {} delivered", d.id(), d.resultId(), name);
        } catch (SinkFailure f) {
            slotFreed = slotFreed || sendEnded();
            finished(store.failed(d.id(), nodeId, f.getMessage(), f.retryable(), prepared));
        } catch (IllegalStateException e) {
            // our lease ran out and another node took the delivery: it is theirs now
            LOG.warn("delivery {} to {}: {}", d.id(), name, e.getMessage());
        } catch (Exception e) {
            slotFreed = slotFreed || sendEnded();
            LOG.warn("delivery {} to {} failed on our side", d.id(), name, e);
            finished(store.failed(d.id(), nodeId, "internal: " + e, true, prepared));
        } finally {
            if (!slotFreed) {
                sendEnded();
            }
        }
    }

    /**
     * The peer answered: the next delivery's send may start now, while this one's outcome is recorded
     * (on a one-at-a-time lane the RIS still gets one message at a time, in order).
     */
    private boolean sendEnded() {
        synchronized (turns) {
            sending--;
        }
        startSends();
        return true;
    }

    /** A delivery claimed ahead waited for the sends before it: its lease is renewed if half of it is gone. */
    private void keepLease(Turn turn) {
        if (Duration.between(turn.claimedAt, clock.instant()).compareTo(lease.dividedBy(2)) > 0) {
            store.renew(turn.delivery.id(), nodeId, lease);
        }
    }

    /** A delivery left the lane (recorded, or given back): its place is free for the next claim. */
    private void ended() {
        inFlight.decrementAndGet();
        wake();
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
