package org.varde.dicom.net;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.dimse.OwningStoreSink;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The received bytes stay in Netty's pooled memory on their way to a sink that owns them (issue 9):
 * such a sink gets the very bytes sent, still intact after the PDUs around them were released, and
 * on every way a store can end (stored, aborted, connection dropped mid-PDU, invalid PDU) every
 * pooled buffer goes back: Netty's leak detector, paranoid in this module's tests, reports none.
 * Any other sink gets heap buffers, as before.
 */
@ExtendWith(VertxExtension.class)
class ReceivedBytesReleaseTest {
    private static final String UID = "1.2.3.4.5";

    private DicomServer server;
    private final List<HoldingSink> sinks = new CopyOnWriteArrayList<>();
    private final List<Buffer> heapFragments = new CopyOnWriteArrayList<>();
    private boolean owning = true;
    private int port;

    @BeforeEach
    void listen(Vertx vertx) throws Exception {
        PooledLeaks.reset();
        CStoreHandler handler = request -> {
            if (!owning) {
                return new HeapSink(heapFragments);
            }
            HoldingSink sink = new HoldingSink();
            sinks.add(sink);
            return sink;
        };
        DicomServerOptions options = new DicomServerOptions("VARDE", "127.0.0.1", 0, 8, List.of(CallerRule.ANY), Set.of(),
                Set.of(), 16384, 5_000, 10_000);
        server = DicomServer.create(vertx, options, handler, new AssociationListener() { });
        port = Await.result(server.listen());
    }

    @AfterEach
    void close() throws Exception {
        Await.result(server.close());
    }

    @Test
    void anOwningSinkGetsTheSentBytesIntactAfterTheirPdusWereReleasedAndReleasesThemAll() throws Exception {
        byte[] dataSet = randomBytes(200_000, 1);
        try (RawPeer peer = storing()) {
            // PDUs of 16 KiB sent in pieces that straddle PDU boundaries: records inside one read and across reads
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int at = 0; at < dataSet.length; at += 16_000) {
                int n = Math.min(16_000, dataSet.length - at);
                wire.write(PduEncoder.pDataHeader(1, false, at + n == dataSet.length, n)
                        .appendBytes(dataSet, at, n).getBytes());
            }
            byte[] bytes = wire.toByteArray();
            for (int at = 0; at < bytes.length; at += 7_001) {
                peer.send(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 7_001)));
            }
            assertEquals(Status.SUCCESS, peer.readCommand().status());
        }
        HoldingSink sink = sinks.get(0);
        assertArrayEquals(dataSet, sink.received, "the bytes as sent, read at the end of the store");
        assertTrue(sink.allDirect, "the sink got the received bytes, not heap copies");
        assertNoLeak();
    }

    @Test
    void anAbortInTheMiddleOfAStoreReleasesWhatTheSinkHeldAndWhatTheFramerQueued() throws Exception {
        try (RawPeer peer = storing()) {
            peer.sendData(1, randomBytes(10_000, 2), false);
            Await.until(() -> !sinks.isEmpty() && sinks.get(0).fragments.get() == 1, Duration.ofSeconds(10),
                    "first fragment");
            // half of the next PDU, then an A-ABORT the framer never gets to: queued when the abort comes
            byte[] next = PduEncoder.pDataHeader(1, false, false, 10_000).appendBytes(randomBytes(10_000, 3)).getBytes();
            peer.send(java.util.Arrays.copyOf(next, 5_000));
            peer.send(new byte[]{7, 0, 0, 0, 0, 4, 0, 0, 0, 0});
            peer.send(java.util.Arrays.copyOfRange(next, 5_000, next.length));
        }
        Await.until(() -> sinks.get(0).aborted, Duration.ofSeconds(10), "sink to be aborted");
        Await.until(() -> server.activeAssociations() == 0, Duration.ofSeconds(10), "association to end");
        assertNoLeak();
    }

    @Test
    void aConnectionDroppedInTheMiddleOfAPduReleasesTheQueuedRead() throws Exception {
        try (RawPeer peer = storing()) {
            peer.sendData(1, randomBytes(10_000, 4), false);
            byte[] next = PduEncoder.pDataHeader(1, false, true, 30_000).appendBytes(randomBytes(30_000, 5)).getBytes();
            peer.send(java.util.Arrays.copyOf(next, 20_000));
            Await.until(() -> !sinks.isEmpty() && sinks.get(0).fragments.get() == 1, Duration.ofSeconds(10),
                    "first fragment");
        }
        Await.until(() -> sinks.get(0).aborted, Duration.ofSeconds(10), "sink to be aborted");
        assertNoLeak();
    }

    @Test
    void anInvalidPduInTheMiddleOfAStoreReleasesEverything() throws Exception {
        try (RawPeer peer = storing()) {
            peer.sendData(1, randomBytes(10_000, 6), false);
            // a PDV item length beyond its PDU: invalid, A-ABORT
            peer.send(new byte[]{4, 0, 0, 0, 0, 8, 0, 0, 0x10, 0, 1, 0, 1, 2});
            assertTrue(peer.closedByPeer());
        }
        Await.until(() -> sinks.get(0).aborted, Duration.ofSeconds(10), "sink to be aborted");
        assertNoLeak();
    }

    @Test
    void anyOtherSinkGetsHeapCopiesItMayKeep() throws Exception {
        owning = false;
        byte[] dataSet = randomBytes(50_000, 7);
        try (RawPeer peer = storing()) {
            for (int at = 0; at < dataSet.length; at += 16_000) {
                int end = Math.min(dataSet.length, at + 16_000);
                peer.sendData(1, java.util.Arrays.copyOfRange(dataSet, at, end), end == dataSet.length);
            }
            assertEquals(Status.SUCCESS, peer.readCommand().status());
        }
        Buffer kept = Buffer.buffer();
        for (Buffer fragment : heapFragments) {
            assertFalse(((BufferInternal) fragment).getByteBuf().isDirect(), "a heap buffer");
            kept.appendBuffer(fragment);
        }
        assertArrayEquals(dataSet, kept.getBytes(), "kept after the PDUs were released");
        assertNoLeak();
    }

    private RawPeer storing() throws Exception {
        RawPeer peer = new RawPeer(port);
        peer.associate(RawPeer.request("RAW", "VARDE", List.of(PresentationContext.offer(
                1, RawPeer.CT_IMAGE_STORAGE, List.of(TestImages.EXPLICIT_LE)))));
        peer.sendCommand(1, Command.request(CommandField.C_STORE_RQ, 1, RawPeer.CT_IMAGE_STORAGE, true)
                .setString(Tag.AffectedSOPInstanceUID, UID));
        return peer;
    }

    private static void assertNoLeak() {
        assertEquals(List.of(), PooledLeaks.collect(), "pooled buffers collected without a release");
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Holds every fragment until the end, as a sink gathering chunks does, and releases them then. */
    private static final class HoldingSink implements OwningStoreSink {
        private final List<ByteBuf> held = new ArrayList<>();
        final AtomicInteger fragments = new AtomicInteger();
        volatile boolean aborted;
        volatile boolean allDirect = true;
        volatile byte[] received;

        @Override
        public Future<Void> writeOwned(ByteBuf fragment) {
            held.add(fragment);
            allDirect &= fragment.isDirect() || fragment.nioBufferCount() > 1;
            fragments.incrementAndGet();
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> write(Buffer fragment) {
            throw new AssertionError("an owning sink is given the received bytes");
        }

        @Override
        public Future<Status> end() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf fragment : held) {
                byte[] bytes = new byte[fragment.readableBytes()];
                fragment.getBytes(fragment.readerIndex(), bytes);
                out.writeBytes(bytes);
            }
            received = out.toByteArray();
            releaseAll();
            return Future.succeededFuture(Status.SUCCESS);
        }

        @Override
        public void abort(Throwable cause) {
            releaseAll();
            aborted = true;
        }

        private void releaseAll() {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }

    /** A sink that keeps its heap fragments past the store, which only a heap copy allows. */
    private record HeapSink(List<Buffer> kept) implements StoreSink {
        @Override
        public Future<Void> write(Buffer fragment) {
            kept.add(fragment);
            return Future.succeededFuture();
        }

        @Override
        public Future<Status> end() {
            return Future.succeededFuture(Status.SUCCESS);
        }

        @Override
        public void abort(Throwable cause) {
        }
    }
}
