package org.varde.gateway.value;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@link AlgorithmWatch#check()} once at start and then every {@code settings.every()}, on a
 * worker (it reads the store), never two at once, and registers the gauges of algorithms it reports.
 */
public final class WatchTimer {
    private static final Logger LOG = LoggerFactory.getLogger(WatchTimer.class);

    private final Vertx vertx;
    private final AlgorithmWatch watch;
    private final WatchMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public WatchTimer(Vertx vertx, AlgorithmWatch watch, WatchMetrics metrics) {
        this.vertx = vertx;
        this.watch = watch;
        this.metrics = metrics;
    }

    public void start() {
        tick();
        timer = vertx.setPeriodic(watch.settings().every().toMillis(), id -> tick());
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(watch::check, false).onComplete(done -> {
            running.set(false);
            if (done.failed()) {
                LOG.warn("the algorithm watch (drift, silence) could not read the store: {}", done.cause().toString());
            } else {
                metrics.register(done.result().keySet());
            }
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
