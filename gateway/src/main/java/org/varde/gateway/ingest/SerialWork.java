package org.varde.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;

/**
 * The blocking file work of one instance, run in order on the worker pool. Steps queued while one
 * runs follow it on the same worker thread, without a round trip through the event loop in between:
 * the last chunk write and the final store (fsync, rename, journal) run back to back. Associations
 * do not wait for each other: each instance has its own queue on the shared, unordered pool.
 * After a step fails, the steps behind it fail with the same cause; {@link #finallyRun} steps run
 * regardless, for clean-up. Results are delivered on the context that created this queue, and only
 * to a step whose future has a listener: the chunk writes of an instance, whose futures nobody waits
 * for unless the network has to, cost the event loop no wake-up (docs/performance.md).
 */
final class SerialWork {
    private final Vertx vertx;
    private final ContextInternal context;
    private final Queue<Runnable> steps = new ArrayDeque<>();
    /** Guarded by {@code this}: a worker is draining the queue. */
    private boolean draining;
    /** Written and read only by the draining worker; drains never overlap. */
    private Throwable failure;

    SerialWork(Vertx vertx) {
        this.vertx = vertx;
        this.context = (ContextInternal) vertx.getOrCreateContext();
    }

    /** Runs {@code task} after every step queued before it; skipped with their failure if one failed. */
    <T> Future<T> submit(Callable<T> task) {
        return enqueue(task, false, () -> { });
    }

    /**
     * As {@link #submit}, and {@code release} runs once the step is over, whether it ran, failed or
     * was skipped: what the step holds (pooled memory) is let go on every path.
     */
    <T> Future<T> submit(Callable<T> task, Runnable release) {
        return enqueue(task, false, release);
    }

    /** Runs {@code task} after every step queued before it, whether they failed or not. */
    <T> Future<T> finallyRun(Callable<T> task) {
        return enqueue(task, true, () -> { });
    }

    /** Nothing queued or running: a step submitted now starts at once. */
    synchronized boolean idle() {
        return !draining;
    }

    private <T> Future<T> enqueue(Callable<T> task, boolean always, Runnable release) {
        // completed on the worker; Vert.x hands the outcome to the context's thread only when the
        // future has listeners by then (or when one is added later, on that thread)
        Promise<T> promise = context.promise();
        Runnable step = () -> {
            try {
                run(task, always, promise);
            } finally {
                release.run();
            }
        };
        boolean start;
        synchronized (this) {
            steps.add(step);
            start = !draining;
            draining = true;
        }
        if (start) {
            vertx.executeBlocking(this::drain, false);
        }
        return promise.future();
    }

    private <T> void run(Callable<T> task, boolean always, Promise<T> promise) {
        if (failure != null && !always) {
            promise.fail(failure);
            return;
        }
        try {
            promise.complete(task.call());
        } catch (Throwable e) {
            if (!always) {
                failure = e;
            }
            promise.fail(e);
        }
    }

    private Void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = steps.poll();
                if (next == null) {
                    draining = false;
                    return null;
                }
            }
            next.run();
        }
    }
}
