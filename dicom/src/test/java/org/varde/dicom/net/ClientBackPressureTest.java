package org.varde.dicom.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.pdu.PresentationContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow receiver slows the sender: the SCP does not read while its sink is busy, the SCU's socket
 * write queue fills, and the SCU pauses its data set source instead of buffering it in memory.
 */
@ExtendWith(VertxExtension.class)
class ClientBackPressureTest {
    private static final int CHUNKS = 16;
    private static final int CHUNK = 512 * 1024;

    @Test
    void slowSinkPausesTheSendersSource(Vertx vertx) throws Exception {
        AtomicLong received = new AtomicLong();
        // 16 KiB PDUs at 2 ms each: about 8 MB/s, far slower than the sender could write
        DicomServerOptions slow = new DicomServerOptions("VARDE", "127.0.0.1", 0, 4, List.of(CallerRule.ANY), java.util.Set.of(),
                java.util.Set.of(), 16384, 5_000, 60_000);
        DicomServer server = DicomServer.create(vertx, slow,
                request -> new StoreSink() {
                    @Override
                    public Future<Void> write(Buffer fragment) {
                        received.addAndGet(fragment.length());
                        Promise<Void> slowDisk = Promise.promise();
                        vertx.setTimer(2, id -> slowDisk.complete());
                        return slowDisk.future();
                    }

                    @Override
                    public Future<Status> end() {
                        return Future.succeededFuture(Status.SUCCESS);
                    }

                    @Override
                    public void abort(Throwable cause) {
                    }
                }, null);
        int port = Await.result(server.listen());
        Context context = vertx.getOrCreateContext();
        GeneratedDataSet source = new GeneratedDataSet(context, CHUNKS, CHUNK);
        Promise<Status> stored = Promise.promise();
        context.runOnContext(v -> DicomClient.create(vertx).open("127.0.0.1", port, "SCU", "VARDE",
                        List.of(PresentationContext.offer(1, RawPeer.CT_IMAGE_STORAGE, List.of(TestImages.EXPLICIT_LE))))
                .compose(association -> association.store(RawPeer.CT_IMAGE_STORAGE, "1.2.3.4", TestImages.EXPLICIT_LE, source)
                        .compose(status -> association.release().map(status)))
                .onComplete(stored));
        assertEquals(Status.SUCCESS, Await.result(stored.future()));
        assertEquals((long) CHUNKS * CHUNK, received.get());
        assertTrue(source.pauses > 0, "the source was never paused");
        Await.result(server.close());
    }
}
