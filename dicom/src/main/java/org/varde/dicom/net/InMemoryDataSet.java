package org.varde.dicom.net;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A data set already read into memory, offered as the one-chunk stream {@code ClientAssociation.store}
 * takes. Used on one context only; honours pause and resume like a file would.
 */
final class InMemoryDataSet implements ReadStream<Buffer> {
    private final Buffer data;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused;
    private boolean emitted;
    private boolean ended;

    InMemoryDataSet(Buffer data) {
        this.data = data;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;   // nothing left to fail: the bytes are read
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        drive();
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        drive();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        drive();
        return this;
    }

    private void drive() {
        if (handler == null || paused) {
            return;
        }
        if (!emitted) {
            emitted = true;
            handler.handle(data);
        }
        if (!paused && !ended && endHandler != null) {
            ended = true;
            endHandler.handle(null);
        }
    }
}
