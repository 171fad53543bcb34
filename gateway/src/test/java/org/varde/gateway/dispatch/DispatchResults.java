package org.varde.gateway.dispatch;

import io.vertx.core.Future;
import org.varde.connectors.algorithm.DispatchFailure;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for a dispatch's outcome from a test thread, and reading its typed failure. */
final class DispatchResults {
    private DispatchResults() {
    }

    static <T> T await(Future<T> future, Duration limit) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    static DispatchFailure failureOf(Future<?> future, Duration limit) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future, limit));
        assertTrue(e.getCause() instanceof DispatchFailure, "not a DispatchFailure: " + e.getCause());
        return (DispatchFailure) e.getCause();
    }
}
