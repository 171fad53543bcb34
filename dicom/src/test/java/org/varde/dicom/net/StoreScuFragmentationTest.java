package org.varde.dicom.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our SCU fragments to the maximum PDU length the peer announced (PS3.8 D.1), not to its own. */
@ExtendWith(VertxExtension.class)
class StoreScuFragmentationTest {
    private final AtomicInteger largest = new AtomicInteger();
    private final AtomicInteger fragments = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();

    @Test
    void storeScuFragmentsToThePeersMaximumPduLength(Vertx vertx, @TempDir Path dir) throws Exception {
        TestImages images = TestImages.create(dir, 256, 11);
        DicomServer server = countingServer(vertx, 4096);
        int port = Await.result(server.listen());
        List<StoreOutcome> outcomes = Await.result(new StoreScu(vertx, DicomClient.create(vertx))
                .send("127.0.0.1", port, "SCU", "VARDE", List.of(images.explicitLe)));
        assertTrue(outcomes.get(0).isSuccess(), outcomes.toString());
        // PS3.8 9.3.5: the PDU length (4096) covers the PDV item header (6 bytes) and its data
        assertEquals(4096 - 6, largest.get());
        long dataSetLength = Files.size(images.explicitLe) - dataSetOffset(images.explicitLe);
        assertEquals(dataSetLength, total.get());
        assertEquals((dataSetLength + 4089) / 4090, fragments.get());
        Await.result(server.close());
    }

    @Test
    void peerAnnouncingZeroGetsTheDataSetUnfragmented(Vertx vertx, @TempDir Path dir) throws Exception {
        // PS3.8 D.1: a maximum length of 0 means no limit; a 64 KiB data set then travels in one PDV
        TestImages images = TestImages.create(dir, 256, 12);
        DicomServer server = countingServer(vertx, 0);
        int port = Await.result(server.listen());
        List<StoreOutcome> outcomes = Await.result(new StoreScu(vertx, DicomClient.create(vertx))
                .send("127.0.0.1", port, "SCU", "VARDE", List.of(images.explicitLe)));
        assertTrue(outcomes.get(0).isSuccess(), outcomes.toString());
        assertEquals(1, fragments.get());
        assertEquals(Files.size(images.explicitLe) - dataSetOffset(images.explicitLe), total.get());
        Await.result(server.close());
    }

    private DicomServer countingServer(Vertx vertx, int maxPduLength) {
        DicomServerOptions options = new DicomServerOptions("VARDE", "127.0.0.1", 0, 4, List.of(CallerRule.ANY), Set.of(), Set.of(),
                maxPduLength, 5_000, 60_000);
        return DicomServer.create(vertx, options, request -> new StoreSink() {
            @Override
            public Future<Void> write(Buffer fragment) {
                largest.accumulateAndGet(fragment.length(), Math::max);
                fragments.incrementAndGet();
                total.addAndGet(fragment.length());
                return Future.succeededFuture();
            }

            @Override
            public Future<Status> end() {
                return Future.succeededFuture(Status.SUCCESS);
            }

            @Override
            public void abort(Throwable cause) {
            }
        }, null);
    }

    private static long dataSetOffset(Path file) throws Exception {
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return org.varde.dicom.data.Part10.readHeader(in).dataSetOffset();
        }
    }
}
