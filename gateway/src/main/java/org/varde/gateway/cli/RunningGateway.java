package org.varde.gateway.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A gateway with its own Vert.x, started and stopped from a command's (non-Vert.x) thread. */
final class RunningGateway implements AutoCloseable {
    private final Vertx vertx;
    private final Gateway gateway;

    private RunningGateway(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    static RunningGateway start(GatewayConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            return new RunningGateway(vertx, await(Gateway.start(vertx, config)));
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() throws Exception {
        try {
            await(gateway.stop());
        } finally {
            await(vertx.close());
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
