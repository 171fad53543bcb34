package org.varde.gateway.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-instance step queue: order, failure propagation, clean-up and the context results land on. */
class SerialWorkTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Creates the queue on an event-loop context, as the ingest does, and runs {@code steps} there. */
    private <T> T onContext(java.util.function.BiFunction<SerialWork, Context, Future<T>> steps) throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> steps.apply(new SerialWork(vertx), context)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                }));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void stepsRunInTheOrderQueuedAndResultsArriveOnTheCreatingContext() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Boolean> onContext = onContext((work, context) -> {
            for (int i = 0; i < 50; i++) {
                int step = i;
                work.submit(() -> ran.add(step));
            }
            return work.submit(() -> Context.isOnWorkerThread())
                    .map(onWorker -> List.of(onWorker, Vertx.currentContext() == context));
        });
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), ran);
        assertTrue(onContext.get(0), "steps run on a worker thread");
        assertTrue(onContext.get(1), "results are delivered on the context that created the queue");
    }

    @Test
    void afterAFailedStepLaterStepsFailWithItsCauseAndCleanUpStillRuns() throws Exception {
        IOException diskFull = new IOException("no space left on device");
        List<String> ran = new CopyOnWriteArrayList<>();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> onContext((work, context) -> {
            work.submit(() -> {
                throw diskFull;
            });
            work.submit(() -> ran.add("store"));
            return work.submit(() -> ran.add("journal"));
        }));
        assertSame(diskFull, failed.getCause());
        assertEquals(List.of(), ran, "no step after the failure ran");

        Boolean cleaned = onContext((work, context) -> {
            work.submit(() -> {
                throw diskFull;
            });
            return work.finallyRun(() -> ran.add("discard"));
        });
        assertTrue(cleaned);
        assertEquals(List.of("discard"), ran);
    }
}
