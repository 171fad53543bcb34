package org.varde.dicom.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting in tests: for a future, or for a condition with a deadline (never a fixed sleep). */
public final class Await {
    private Await() {
    }

    public static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code call} on {@code context} and waits for its result: a client association belongs to
     * the context it was opened on and must be called there (see {@link ClientAssociation}).
     */
    public static <T> T on(Context context, Supplier<Future<T>> call) throws Exception {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(promise));
        return result(promise.future());
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
