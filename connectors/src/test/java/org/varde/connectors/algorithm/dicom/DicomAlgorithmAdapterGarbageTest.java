package org.varde.connectors.algorithm.dicom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PduDecoder;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor that answers garbage, played by a raw {@link ServerSocket}: whatever it sends, the dispatch
 * fails as {@code PROTOCOL} (a vendor fault, so the dispatcher's breaker counts it) well within its
 * timeout, with a message that says what was wrong, and our side closes the socket. The vendor keeps
 * its end open and silent after the garbage, the worst case: only our side can end the call early.
 */
@ExtendWith(VertxExtension.class)
class DicomAlgorithmAdapterGarbageTest {
    /** Long, so a dispatch that only ends by its timeout shows up as TIMEOUT, not as a pass. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** How long the adapter may take to notice garbage: far below the call timeout. */
    private static final long NOTICE_MILLIS = 20_000;
    private static final int HEADER = 6;

    @TempDir
    static Path studyDir;
    private static List<Path> study;

    @BeforeAll
    static void generateStudy() throws IOException {
        study = TestStudy.ctThorax(studyDir, 11);
    }

    @Test
    void randomBytesForAnAssociateAnswerFailAsProtocol(Vertx vertx) throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            byte[] garbage = randomBytes(seed, 200);
            // PS3.8 9.3.1: an unrecognised PDU type; 0x00 and 0x08..0xFF are none of ours
            garbage[0] = (byte) (0x08 + new Random(seed).nextInt(0xF8));
            try (RawVendor vendor = RawVendor.start(in -> garbage)) {
                DispatchFailure failure = dispatchAgainst(vertx, vendor);
                assertProtocolFailure(failure, "unrecognized PDU type");
                assertTrue(vendor.awaitClosedByClient(), "our side closed the socket (seed " + seed + ")");
            }
        }
    }

    @Test
    void garbageInsteadOfTheStoreResponseFailsAsProtocol(Vertx vertx) throws Exception {
        byte[] garbage = randomBytes(42, 300);
        garbage[0] = (byte) 0xEE;
        try (RawVendor vendor = RawVendor.start(acceptThen(garbage))) {
            DispatchFailure failure = dispatchAgainst(vertx, vendor);
            assertProtocolFailure(failure, "unrecognized PDU type");
            assertTrue(vendor.awaitClosedByClient(), "our side closed the socket");
        }
    }

    @Test
    void wellFramedGarbageCommandInsteadOfTheStoreResponseFailsAsProtocol(Vertx vertx) throws Exception {
        // PS3.8 9.3.5 / E.2: a P-DATA-TF whose one PDV claims to be the last fragment of a command,
        // but its bytes are random: the framing is right, the DIMSE command is nonsense
        byte[] command = randomBytes(7, 120);
        ByteBuffer pdata = ByteBuffer.allocate(HEADER + 4 + 2 + command.length);
        pdata.put((byte) Pdu.P_DATA_TF).put((byte) 0).putInt(4 + 2 + command.length)
                .putInt(2 + command.length).put((byte) 1).put((byte) 0x03).put(command);
        try (RawVendor vendor = RawVendor.start(acceptThen(pdata.array()))) {
            DispatchFailure failure = dispatchAgainst(vertx, vendor);
            assertProtocolFailure(failure, "undecodable command set");
            assertTrue(vendor.awaitClosedByClient(), "our side closed the socket");
        }
    }

    @Test
    void associateAcceptClaiming2GiBFailsAsProtocolWithoutWaitingForIt(Vertx vertx) throws Exception {
        ByteBuffer header = ByteBuffer.allocate(HEADER + 16);
        header.put((byte) Pdu.A_ASSOCIATE_AC).put((byte) 0).putInt(0x7FFFFFFF);
        header.putShort((short) 1); // protocol version, then the vendor goes quiet
        try (RawVendor vendor = RawVendor.start(in -> header.array())) {
            long started = System.nanoTime();
            DispatchFailure failure = dispatchAgainst(vertx, vendor);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertProtocolFailure(failure, "exceeds");
            assertTrue(millis < NOTICE_MILLIS, "noticed at the header, after " + millis + " ms");
            assertTrue(vendor.awaitClosedByClient(), "our side closed the socket");
        }
    }

    private static DispatchFailure dispatchAgainst(Vertx vertx, RawVendor vendor) throws Exception {
        DispatchRequest request = new DispatchRequest("job-garbage", "lung-nodules", "1.2.826.0.1.3680043.10.9",
                study, new DicomEndpoint("127.0.0.1", vendor.port(), "VENDOR"), CALL_TIMEOUT);
        Future<?> dispatched = new DicomAlgorithmAdapter(vertx, DicomClientOptions.defaults(), "VARDE").dispatch(request);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> dispatched.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toSeconds() + 30,
                        TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DispatchFailure, "not a DispatchFailure: " + e.getCause());
        assertTrue(vendor.connections() >= 1, "the vendor was called");
        return (DispatchFailure) e.getCause();
    }

    /** PROTOCOL (not TIMEOUT: the call ended on the garbage, not on the clock), a vendor fault, a message. */
    private static void assertProtocolFailure(DispatchFailure failure, String messagePart) {
        assertEquals(Kind.PROTOCOL, failure.kind(), failure.toString());
        assertTrue(failure.kind().isVendorFault(), "the breaker counts it against the vendor");
        assertNotNull(failure.getMessage());
        assertTrue(messagePart == null || failure.getMessage().contains(messagePart),
                "the message says what was wrong: " + failure.getMessage());
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A valid A-ASSOCIATE-AC accepting every context in its first transfer syntax, then {@code garbage}. */
    private static Answer acceptThen(byte[] garbage) {
        return in -> {
            AAssociateRQ rq = (AAssociateRQ) new PduDecoder(0).decode(Buffer.buffer(in.request()));
            List<PresentationContext> accepted = rq.presentationContexts().stream()
                    .map(pc -> PresentationContext.answer(pc.id(), PresentationContext.ACCEPTANCE,
                            pc.transferSyntaxes().get(0)))
                    .toList();
            AAssociateAC ac = new AAssociateAC(AAssociateRQ.PROTOCOL_VERSION_1, rq.calledAeTitle(),
                    rq.callingAeTitle(), rq.applicationContext(), accepted,
                    UserInformation.of(16_384, "1.2.826.0.1.3680043.10.543.99", "GARBAGE"));
            in.send(PduEncoder.encode(ac).getBytes());
            in.readPdu(); // the first P-DATA-TF of the C-STORE-RQ: the vendor "answers" it with garbage
            return garbage;
        };
    }

    /** What the vendor sends after reading the A-ASSOCIATE-RQ. */
    private interface Answer {
        byte[] reply(Exchange exchange) throws IOException;
    }

    /** The vendor's side of one connection: the request it read, and PDUs to read and send. */
    private static final class Exchange {
        private final DataInputStream in;
        private final OutputStream out;
        private final byte[] request;

        Exchange(DataInputStream in, OutputStream out) throws IOException {
            this.in = in;
            this.out = out;
            this.request = readPdu();
        }

        byte[] request() {
            return request;
        }

        /** Reads one PDU, header included (test peers send small ones). */
        byte[] readPdu() throws IOException {
            byte[] header = new byte[HEADER];
            in.readFully(header);
            int length = ByteBuffer.wrap(header, 2, 4).getInt();
            byte[] pdu = new byte[HEADER + length];
            System.arraycopy(header, 0, pdu, 0, HEADER);
            in.readFully(pdu, HEADER, length);
            return pdu;
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    /**
     * A loopback ServerSocket that answers one connection with {@link Answer}'s bytes and then reads
     * and ignores whatever comes, never closing first: it notes when the client closed the socket.
     */
    private static final class RawVendor implements AutoCloseable {
        private final ServerSocket server;
        private final Answer answer;
        private final AtomicInteger connections = new AtomicInteger();
        private final CountDownLatch closedByClient = new CountDownLatch(1);
        private final AtomicReference<Socket> socket = new AtomicReference<>();
        private final Thread thread;

        private RawVendor(Answer answer) throws IOException {
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.answer = answer;
            this.thread = new Thread(this::serve, "raw-vendor");
            thread.setDaemon(true);
        }

        static RawVendor start(Answer answer) throws IOException {
            RawVendor vendor = new RawVendor(answer);
            vendor.thread.start();
            return vendor;
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        boolean awaitClosedByClient() throws InterruptedException {
            return closedByClient.await(NOTICE_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void serve() {
            try (Socket s = server.accept()) {
                socket.set(s);
                connections.incrementAndGet();
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) CALL_TIMEOUT.toMillis() * 2);
                InputStream raw = s.getInputStream();
                Exchange exchange = new Exchange(new DataInputStream(raw), s.getOutputStream());
                exchange.send(answer.reply(exchange));
                byte[] sink = new byte[8192];
                while (raw.read(sink) >= 0) {
                    // an A-ABORT or anything else the client says before it closes: ignored
                }
                closedByClient.countDown();
            } catch (java.net.SocketTimeoutException e) {
                // the client never closed: the latch stays down and the test says so
            } catch (IOException e) {
                // a reset is the client closing too (it may close before reading all we sent)
                if (!server.isClosed()) {
                    closedByClient.countDown();
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            Socket s = socket.get();
            if (s != null) {
                s.close();
            }
        }
    }
}
