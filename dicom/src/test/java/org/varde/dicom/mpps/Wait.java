package org.varde.dicom.mpps;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting for a future in a test with a deadline, and calling a client on its own Vert.x context. */
final class Wait {
    private Wait() {
    }

    static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Runs {@code call} on {@code context} (a client association belongs to one) and waits for its result. */
    static <T> T on(Context context, Supplier<Future<T>> call) throws Exception {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(promise));
        return result(promise.future());
    }
}
