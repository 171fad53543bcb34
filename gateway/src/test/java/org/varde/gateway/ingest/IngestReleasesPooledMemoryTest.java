package org.varde.gateway.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.dimse.CommandField;
import org.varde.dicom.net.PooledLeaks;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The received bytes reach the spool in Netty's pooled memory (issue 9); whatever becomes of a
 * store, they go back to the pool. With the leak detector paranoid (this module's surefire argLine)
 * every buffer is tracked, and after the scenarios and a collection none was found unreleased:
 * stores with storescu, one refused as too large, stores refused by the free-space guard, a store
 * aborted in the middle of an instance, a connection dropped in the middle of a PDU, and a gateway
 * stopped while an instance was arriving.
 */
class IngestReleasesPooledMemoryTest {
    private static final long MIB = 1L << 20;
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;

    @BeforeEach
    void forgetEarlierLeaks() {
        PooledLeaks.reset();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void storedRefusedAbortedAndDroppedStoresLeaveNothingUnreleased() throws Exception {
        List<Path> small = StudyGenerator.generate(tmp.resolve("small"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 81, 4, 256));
        Path large = StudyGenerator.generate(tmp.resolve("large"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 82, 1, 1024))
                .get(0);
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        start(base.withStorage(base.storage().withMaxInstanceBytes(MIB)));

        List<Path> files = new ArrayList<>(small);
        files.add(large);
        Processes.Result sent = storescu(files);
        assertEquals(small.size(), count(sent.output(), "(Success)"), sent.output());
        assertTrue(sent.output().contains("Refused: OutOfResources"), "the large one is refused: " + sent.output());

        byte[] dataSet = DicomFiles.dataSet(large);
        try (RawSender sender = new RawSender(gateway.dicomPort())) {
            sender.beginStore("1.2.3.4.1");
            sender.data(Arrays.copyOf(dataSet, 300_000));
            sender.send(new byte[]{7, 0, 0, 0, 0, 4, 0, 0, 0, 0}); // A-ABORT in the middle of the instance
        }
        try (RawSender sender = new RawSender(gateway.dicomPort())) {
            sender.beginStore("1.2.3.4.2");
            sender.data(Arrays.copyOf(dataSet, 300_000));
            byte[] pdu = PduEncoder.pDataHeader(1, false, false, 16_000).appendBytes(dataSet, 0, 16_000).getBytes();
            sender.send(Arrays.copyOf(pdu, 9_000)); // and the connection drops in the middle of a PDU
        }
        assertTrue(Poll.untilIo(Duration.ofSeconds(30), () -> incoming().isEmpty()), "partial files removed: " + incoming());
        assertNoLeak();
    }

    @Test
    void storesRefusedByTheFreeSpaceGuardLeaveNothingUnreleased() throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 83, 3, 512));
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        start(base.withStorage(base.storage().withMinFreeBytes(Long.MAX_VALUE / 2)));

        // storescu stops at the first refusal: one association each
        for (Path file : files) {
            Processes.Result sent = storescu(List.of(file));
            assertEquals(1, count(sent.output(), "Refused: OutOfResources"), sent.output());
        }
        assertNoLeak();
    }

    @Test
    void aGatewayStoppedWhileAnInstanceArrivesLeavesNothingUnreleased() throws Exception {
        Path file = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 84, 1, 1024))
                .get(0);
        start(GatewayConfig.forTests(tmp.resolve("storage")));
        try (RawSender sender = new RawSender(gateway.dicomPort())) {
            sender.beginStore("1.2.3.4.3");
            sender.data(Arrays.copyOf(DicomFiles.dataSet(file), 600_000));
            assertTrue(Poll.untilIo(Duration.ofSeconds(30), () -> !incoming().isEmpty()), "the instance is arriving");
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            gateway = null;
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertNoLeak();
    }

    private void start(GatewayConfig config) throws Exception {
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void assertNoLeak() {
        assertEquals(List.of(), PooledLeaks.collect(), "pooled buffers collected without a release");
    }

    private Processes.Result storescu(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "-v",
                "127.0.0.1", Integer.toString(gateway.dicomPort())));
        files.forEach(f -> command.add(f.toString()));
        return Processes.run(command, tmp);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private List<Path> incoming() throws IOException {
        Path dir = tmp.resolve("storage").resolve("spool").resolve(org.varde.gateway.spool.Spool.INCOMING);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** A sender on a plain socket that stops wherever the test wants. */
    private static final class RawSender implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        RawSender(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        }

        void beginStore(String sopInstanceUid) throws IOException {
            send(PduEncoder.encode(AAssociateRQ.of("RAW", "VARDE", List.of(PresentationContext.offer(1, CT_IMAGE_STORAGE,
                    List.of(EXPLICIT_LE))), UserInformation.of(16384, "1.2.3.4", "RAW"))).getBytes());
            byte[] header = new byte[6];
            in.readFully(header);
            assertEquals(2, header[0], "A-ASSOCIATE-AC");
            in.readFully(new byte[Buffer.buffer(header).getInt(2)]);
            Buffer command = Command.request(CommandField.C_STORE_RQ, 1, CT_IMAGE_STORAGE, true)
                    .setString(Tag.AffectedSOPInstanceUID, sopInstanceUid).encode();
            send(PduEncoder.pDataHeader(1, true, true, command.length()).appendBuffer(command).getBytes());
        }

        /** Data set fragments of 16,000 bytes, none of them the last. */
        void data(byte[] bytes) throws IOException {
            for (int at = 0; at < bytes.length; at += 16_000) {
                int n = Math.min(16_000, bytes.length - at);
                send(PduEncoder.pDataHeader(1, false, false, n).appendBytes(bytes, at, n).getBytes());
            }
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
