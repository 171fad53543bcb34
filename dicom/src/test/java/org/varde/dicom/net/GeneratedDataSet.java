package org.varde.dicom.net;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A data set source of a given size that honours pause and resume and counts the pauses. */
final class GeneratedDataSet implements ReadStream<Buffer> {
    private final Context context;
    private final int chunks;
    private final int chunkSize;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private int emitted;
    private boolean paused;
    private boolean ended;
    int pauses;

    GeneratedDataSet(Context context, int chunks, int chunkSize) {
        this.context = context;
        this.chunks = chunks;
        this.chunkSize = chunkSize;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
        handler = h;
        context.runOnContext(v -> emit());
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        if (!paused) {
            pauses++;
        }
        paused = true;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        context.runOnContext(v -> emit());
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
        endHandler = h;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
        return this;
    }

    private void emit() {
        while (!paused && handler != null && emitted < chunks) {
            emitted++;
            handler.handle(Buffer.buffer(new byte[chunkSize]));
        }
        if (emitted == chunks && !ended && !paused) {
            ended = true;
            endHandler.handle(null);
        }
    }
}
