package org.varde.testdata.sandbox.dicom;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;

import java.util.function.Supplier;

/**
 * A storage sink that keeps nothing (a sandbox keeps no images) and answers each instance with what
 * {@code answer} says, once the data set has arrived whole: at once, or later to play a slow vendor.
 */
public final class CountingStoreSink implements StoreSink {
    private final Supplier<Future<Status>> answer;

    public CountingStoreSink(Supplier<Future<Status>> answer) {
        this.answer = answer;
    }

    /** Success at once, after {@code onStored} ran. */
    public static CountingStoreSink succeeding(Runnable onStored) {
        return new CountingStoreSink(() -> {
            onStored.run();
            return Future.succeededFuture(Status.SUCCESS);
        });
    }

    @Override
    public Future<Void> write(Buffer fragment) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Status> end() {
        return answer.get();
    }

    @Override
    public void abort(Throwable cause) {
        // nothing kept, nothing to discard
    }
}
