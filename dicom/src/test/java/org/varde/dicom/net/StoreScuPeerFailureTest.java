package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PduDecoder;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that fails after our first C-STORE-RQ (garbage instead of the response, an A-ABORT, or the
 * connection dropped) ends the whole send at once: every later instance is reported as not sent,
 * and nothing more goes on the wire after the abort.
 *
 * <p>This pins the fault that made {@code StoreScu}'s read-ahead (d1d4317) turn a vendor's garbage
 * into a timeout: the abort indication failed the pending response while the upper layer still
 * said Sta6; the failure's listeners ran at once, and with the next data set already in memory
 * {@code StoreScu} sent the next C-STORE-RQ there and then, after our A-ABORT, and its response
 * promise was registered while the pending map was being failed, then cleared without being failed:
 * the send never completed. Here every file is read whole, and the peer fails only once it has the
 * first data set (almost 1 MB, sent in many write-queue turns) whole, so the second file's read,
 * started when the first instance began, is done when the failure arrives: the case of the vendor
 * in the gateway's DicomAlgorithmAdapterGarbageTest.
 */
@ExtendWith(VertxExtension.class)
class StoreScuPeerFailureTest {
    private static final int HEADER = 6;

    @TempDir
    static Path dir;
    private static List<Path> files;

    @BeforeAll
    static void images() throws Exception {
        // all below StoreScu's 1 MiB read-ahead limit (read whole); the first almost 1 MB
        TestImages large = TestImages.create(dir, 1000, 31);
        TestImages small = TestImages.create(dir, 256, 32);
        files = List.of(large.explicitLe, small.explicitLe, small.implicitLe);
    }

    private enum Failure { GARBAGE, ABORT, DROP }

    @Test
    void garbageInsteadOfTheResponseEndsTheSendAndNothingFollowsOurAbort(Vertx vertx) throws Exception {
        try (FailingPeer peer = FailingPeer.start(Failure.GARBAGE)) {
            List<StoreOutcome> outcomes = sendAndClose(vertx, peer);
            assertFirstFailedThenEnded(outcomes, "unrecognized PDU type 238");
            // PS3.8 9.2.3 AA-8: one A-ABORT, then the association no longer exists: no second C-STORE-RQ
            assertEquals(List.of(Pdu.A_ABORT), peer.receivedAfterFailure(), "PDU types after the garbage");
        }
    }

    @Test
    void anAbortInsteadOfTheResponseEndsTheSendAndNothingFollows(Vertx vertx) throws Exception {
        try (FailingPeer peer = FailingPeer.start(Failure.ABORT)) {
            List<StoreOutcome> outcomes = sendAndClose(vertx, peer);
            assertFirstFailedThenEnded(outcomes, "A-ABORT");
            // PS3.8 9.2.3 AA-3: an A-ABORT is not answered, the connection is closed
            assertEquals(List.of(), peer.receivedAfterFailure(), "PDU types after the peer's A-ABORT");
        }
    }

    @Test
    void aDroppedConnectionEndsTheSend(Vertx vertx) throws Exception {
        try (FailingPeer peer = FailingPeer.start(Failure.DROP)) {
            List<StoreOutcome> outcomes = sendAndClose(vertx, peer);
            assertFirstFailedThenEnded(outcomes, "connection closed");
        }
    }

    private static List<StoreOutcome> sendAndClose(Vertx vertx, FailingPeer peer) throws Exception {
        DicomClient client = DicomClient.create(vertx);
        try {
            // bounded only so a regression fails instead of hanging: the send ends on the peer's fault
            return Await.result(new StoreScu(vertx, client).send("127.0.0.1", peer.port(), "SCU", "VENDOR", files));
        } finally {
            Await.result(client.close());
        }
    }

    private static void assertFirstFailedThenEnded(List<StoreOutcome> outcomes, String firstFailure) {
        assertEquals(files.size(), outcomes.size(), outcomes.toString());
        StoreOutcome first = outcomes.get(0);
        assertFalse(first.isSuccess(), first.toString());
        assertNotNull(first.failureOrNull(), first.toString());
        assertTrue(first.failureOrNull().contains(firstFailure), "says what went wrong: " + first.failureOrNull());
        for (StoreOutcome later : outcomes.subList(1, outcomes.size())) {
            assertFalse(later.isSuccess(), later.toString());
            assertEquals("association ended", later.failureOrNull(), later.toString());
        }
    }

    /**
     * One connection on a blocking socket: accepts every context, reads the first C-STORE-RQ to the
     * last fragment of its data set, fails as told, then notes the type of every PDU that still
     * arrives until our side closes. Never closes first (except for DROP).
     */
    private static final class FailingPeer implements AutoCloseable {
        private final ServerSocket server;
        private final Failure failure;
        private final List<Integer> afterFailure = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile Throwable error;

        private FailingPeer(Failure failure) throws IOException {
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.failure = failure;
            this.thread = new Thread(this::serve, "failing-peer");
            thread.setDaemon(true);
        }

        static FailingPeer start(Failure failure) throws IOException {
            FailingPeer peer = new FailingPeer(failure);
            peer.thread.start();
            return peer;
        }

        int port() {
            return server.getLocalPort();
        }

        /** The PDU types that arrived after the failure, once our side closed the connection. */
        List<Integer> receivedAfterFailure() throws Exception {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "our side closed the connection");
            if (error != null) {
                throw new AssertionError("the peer failed", error);
            }
            return List.copyOf(afterFailure);
        }

        private void serve() {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(60_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                accept(in, out);
                while (!lastDataFragment(readPdu(in))) {
                    // the first C-STORE-RQ's command and data set
                }
                switch (failure) {
                    case GARBAGE -> {
                        byte[] garbage = new byte[300];
                        new Random(42).nextBytes(garbage);
                        garbage[0] = (byte) 0xEE; // PS3.8 9.3.1: no such PDU type
                        out.write(garbage);
                    }
                    case ABORT -> out.write(PduEncoder.encode(AAbort.byUser()).getBytes());
                    case DROP -> {
                        return;
                    }
                }
                out.flush();
                for (byte[] pdu = readPdu(in); pdu != null; pdu = readPdu(in)) {
                    afterFailure.add(pdu[0] & 0xFF);
                }
            } catch (IOException e) {
                if (!server.isClosed() && !(e instanceof java.net.SocketException)) {
                    error = e; // a reset is our side closing; anything else is the peer's own fault
                }
            }
        }

        private static void accept(DataInputStream in, OutputStream out) throws IOException {
            AAssociateRQ rq = (AAssociateRQ) new PduDecoder(0).decode(Buffer.buffer(readPdu(in)));
            List<PresentationContext> accepted = rq.presentationContexts().stream()
                    .map(pc -> PresentationContext.answer(pc.id(), PresentationContext.ACCEPTANCE,
                            pc.transferSyntaxes().get(0)))
                    .toList();
            AAssociateAC ac = new AAssociateAC(AAssociateRQ.PROTOCOL_VERSION_1, rq.calledAeTitle(),
                    rq.callingAeTitle(), rq.applicationContext(), accepted,
                    UserInformation.of(16_384, "1.2.826.0.1.3680043.10.543.98", "FAILINGPEER"));
            out.write(PduEncoder.encode(ac).getBytes());
            out.flush();
        }

        /** PS3.8 9.3.5 / E.2: a P-DATA-TF whose PDV is a data set fragment with the last flag set. */
        private static boolean lastDataFragment(byte[] pdu) throws EOFException {
            if (pdu == null) {
                throw new EOFException("closed before the first data set was complete");
            }
            int control = pdu[HEADER + 5] & 0xFF;
            return (pdu[0] & 0xFF) == Pdu.P_DATA_TF && (control & 0x01) == 0 && (control & 0x02) != 0;
        }

        /** The next PDU, header included; null at the end of the stream. */
        private static byte[] readPdu(DataInputStream in) throws IOException {
            byte[] header = new byte[HEADER];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return null;
            }
            int length = ByteBuffer.wrap(header, 2, 4).getInt();
            byte[] pdu = new byte[HEADER + length];
            System.arraycopy(header, 0, pdu, 0, HEADER);
            in.readFully(pdu, HEADER, length);
            return pdu;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
