package org.varde.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PduDecoder;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.testing.ChildGateways;
import org.varde.gateway.testing.CommandLineTokens;
import org.varde.gateway.testing.HostileFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as its own JVM under a small heap ({@code -Xmx256m}), tried as a hostile peer would:
 * a deflate bomb, a private element of 1.5 GiB, a transfer syntax UID of 70 characters, 500 TCP
 * connections that never associate. Each must end with the gateway alive, its heap flat (from its
 * own GC log) and a real dcmtk peer still served. Big files are written streaming into target/ and
 * deleted afterwards.
 */
class HostileSenderTest {
    private static final long MIB = 1024 * 1024;
    /** "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 50M->20M(256M) 3.4ms": used before -> after (committed). */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Vertx vertx = Vertx.vertx();
    private Path work;
    private int dicomPort;
    private ChildGateways gateways;

    @BeforeEach
    void makeWorkFolder() throws IOException {
        // on the disk under target/, never in memory: /tmp may be a RAM file system
        work = Files.createDirectories(Path.of("target", "hostile-" + UUID.randomUUID()).toAbsolutePath());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (gateways != null) {
            gateways.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void deflateBombIsRefusedWithFlatHeapAndTheGatewayStillAnswersEcho() throws Exception {
        Path bomb = work.resolve("bomb.dcm");
        HostileFiles.deflateBomb(bomb, 48, 128 * MIB);
        assertTrue(Files.size(bomb) < 16 * MIB, "about 6 MiB on the wire for 6 GiB inflated: " + Files.size(bomb));
        Path log = work.resolve("gateway.log");
        Process gateway = startGateway(config(""), log);

        StoreOutcome outcome = send(bomb);

        assertEquals(Status.OUT_OF_RESOURCES, outcome.statusOrNull(), String.valueOf(outcome));
        assertTrue(gateway.isAlive(), "the gateway survived");
        assertTrue(Files.readString(log).contains("dicom.limits.maxInflationRatio"), "the refusal names its limit");
        assertEchoAnswered();
        assertEquals(List.of(), spooledInstances(), "nothing of the bomb stays in the spool");
        assertHeapStayedFlat();
    }

    @Test
    void privateElementOfOneAndAHalfGibibytesIsStoredByteForByteWithFlatHeap() throws Exception {
        Path source = work.resolve("blob.dcm");
        HostileFiles.Uids uids = HostileFiles.privateBlob(source, 1536 * MIB);
        Process gateway = startGateway(config(""), work.resolve("gateway.log"));

        StoreOutcome outcome = send(source);

        assertTrue(outcome.isSuccess(), String.valueOf(outcome));
        assertTrue(gateway.isAlive());
        Path stored = work.resolve("storage").resolve("spool").resolve(Spool.relativePath(uids.study(), uids.series(),
                uids.sopInstance()));
        assertTrue(sameDataSet(source, stored), "stored byte for byte: " + stored);
        assertTrue(gateways.get("/api/studies").body().contains(uids.study()), "journaled");
        assertEchoAnswered();
        assertHeapStayedFlat();
    }

    @Test
    void transferSyntaxUidOfSeventyCharactersIsRefusedAtNegotiationNothingIsSpooledAndTheGatewayRestarts()
            throws Exception {
        Path config = config("");
        Process first = startGateway(config, work.resolve("gateway-1.log"));
        String seventy = "1.2.840.10008.1.2.1." + "1".repeat(50);
        assertEquals(70, seventy.length());
        AAssociateRQ rq = AAssociateRQ.of("HOSTILE", "VARDE", List.of(
                PresentationContext.offer(1, UID.CTImageStorage, List.of(seventy))),
                UserInformation.of(16384, "1.2.3.4", "HOSTILE"));
        try (Socket socket = new Socket("127.0.0.1", dicomPort)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(PduEncoder.encode(rq).getBytes());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Pdu answer = new PduDecoder(0).decode(Buffer.buffer(readPdu(in)));
            PresentationContext pc = ((AAssociateAC) answer).presentationContexts().get(0);
            // PS3.8 9.3.3.2: result 4, transfer syntaxes not supported
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pc.result());
            // a C-STORE on the refused context anyway: the association is aborted, nothing is written
            Buffer command = org.varde.dicom.dimse.Command.request(0x0001, 1, UID.CTImageStorage, true)
                    .setString(org.varde.dicom.data.Tag.AffectedSOPInstanceUID, UID.generate()).encode();
            socket.getOutputStream().write(PduEncoder.pDataHeader(1, true, true, command.length())
                    .appendBuffer(command).getBytes());
            Pdu abort = new PduDecoder(0).decode(Buffer.buffer(readPdu(in)));
            assertTrue(abort instanceof AAbort, String.valueOf(abort));
        }
        assertEquals(List.of(), spooledInstances());

        first.destroy();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        Process second = startGateway(config, work.resolve("gateway-2.log"));
        assertTrue(second.isAlive(), "the gateway starts again");
        assertEchoAnswered();
    }

    @Test
    void fiveHundredConnectionsThatNeverAssociateDoNotStopARealStorescu() throws Exception {
        List<Path> files = StudyGenerator.generate(work.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 2026, 20, 64));
        startGateway(config("""
                  limits:
                    maxPendingConnections: 64
                    maxPendingConnectionsPerHost: 8
                    associationRequestTimeoutSeconds: 2
                """), work.resolve("gateway.log"));
        List<Socket> idle = new CopyOnWriteArrayList<>();
        Thread flood = new Thread(() -> {
            try {
                InetAddress attacker = InetAddress.getByName("127.0.0.2");
                InetAddress gateway = InetAddress.getByName("127.0.0.1");
                for (int i = 0; i < 500; i++) {
                    Socket s = new Socket(gateway, dicomPort, attacker, 0);
                    s.setSoTimeout(20_000);
                    idle.add(s);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "flood");
        try {
            flood.start();
            List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "STORESCU", "-aec", "VARDE",
                    "127.0.0.1", Integer.toString(dicomPort)));
            files.forEach(f -> command.add(f.toString()));
            Processes.Result stored = Processes.run(command, work);
            flood.join(60_000);

            assertEquals(0, stored.exitCode(), stored.output());
            long successes = stored.output().lines().filter(l -> l.startsWith("I: Received Store Response (Success)"))
                    .count();
            assertEquals(files.size(), successes, stored.output());
            assertEquals(500, idle.size(), "every connection was accepted by TCP");
            for (Socket s : idle) {
                assertTrue(closedByServer(s), "the cap or ARTIM (2 s) closed every idle connection");
            }
            double refused = metric("varde_dicom_connections_refused_total");
            System.out.printf("500 idle connections: %.0f closed at accept, the rest by ARTIM; %d stores succeeded%n",
                    refused, successes);
            assertTrue(refused >= 250, "most were closed at accept by the per-host cap of 8, not left to ARTIM: "
                    + refused);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        assertEchoAnswered();
    }

    // ---- the gateway process ----

    private Path config(String dicomExtra) throws IOException {
        dicomPort = ChildGateways.freePort();
        int httpPort = ChildGateways.freePort();
        Path config = Files.writeString(work.resolve("varde.yaml"), String.format("""
                dicom:
                  port: %d
                  allowedCallers: [STORESCU, ECHOSCU, HOSTILE]
                %s
                http:
                  port: %d
                storage:
                  dir: %s
                  fsync: true
                """, dicomPort, dicomExtra.stripTrailing(), httpPort, work.resolve("storage")));
        gateways = new ChildGateways(httpPort);
        gateways.token(CommandLineTokens.create(config, "hostile-test", "viewer"));
        return config;
    }

    /** A gateway writing the GC log {@link #assertHeapStayedFlat} reads. */
    private Process startGateway(Path config, Path log) throws Exception {
        return gateways.start(config, log, "-Xlog:gc:file=" + work.resolve("gc.log"));
    }

    /**
     * From the gateway's GC log: the most heap still in use after any collection (the live set). A
     * parse that held the blob or the inflated bomb would need hundreds of MiB there, or die.
     */
    private void assertHeapStayedFlat() throws IOException {
        long maxBefore = 0;
        long maxAfter = 0;
        int collections = 0;
        for (String line : Files.readAllLines(work.resolve("gc.log"))) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                collections++;
                maxBefore = Math.max(maxBefore, Long.parseLong(m.group(1)));
                maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
            }
        }
        System.out.printf("gateway heap (-Xmx256m): %d collections, at most %d MiB in use before one and %d MiB after%n",
                collections, maxBefore, maxAfter);
        assertTrue(maxAfter < 128, "live heap after collections stayed well below the limit: " + maxAfter + " MiB");
    }

    private StoreOutcome send(Path file) throws Exception {
        List<StoreOutcome> outcomes = new StoreScu(vertx, DicomClient.create(vertx))
                .send("127.0.0.1", dicomPort, "HOSTILE", "VARDE", List.of(file))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        assertEquals(1, outcomes.size());
        return outcomes.get(0);
    }

    private void assertEchoAnswered() throws Exception {
        Processes.Result echo = Processes.run(List.of("echoscu", "-aet", "ECHOSCU", "-aec", "VARDE", "127.0.0.1",
                Integer.toString(dicomPort)), work);
        assertEquals(0, echo.exitCode(), echo.output());
    }

    private List<Path> spooledInstances() throws IOException {
        Path spool = work.resolve("storage").resolve("spool");
        try (Stream<Path> walk = Files.walk(spool)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private double metric(String name) throws Exception {
        for (String line : gateways.get("/metrics").body().lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    // ---- plain sockets and files ----

    private static byte[] readPdu(DataInputStream in) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 4).getInt();
        byte[] pdu = java.util.Arrays.copyOf(header, 6 + length);
        in.readFully(pdu, 6, length);
        return pdu;
    }

    /** True when the server closed the connection (EOF or reset) within the socket's timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Both files' data sets (after their File Meta Information) hold the same bytes; streamed, never whole. */
    private static boolean sameDataSet(Path a, Path b) throws IOException {
        long offsetA = dataSetOffset(a);
        long offsetB = dataSetOffset(b);
        try (FileChannel ca = FileChannel.open(a, StandardOpenOption.READ);
             FileChannel cb = FileChannel.open(b, StandardOpenOption.READ)) {
            if (ca.size() - offsetA != cb.size() - offsetB) {
                return false;
            }
            ByteBuffer ba = ByteBuffer.allocate(1 << 20);
            ByteBuffer bb = ByteBuffer.allocate(1 << 20);
            long position = 0;
            long length = ca.size() - offsetA;
            while (position < length) {
                ba.clear();
                bb.clear();
                int n = readFully(ca, ba, offsetA + position);
                readFully(cb, bb, offsetB + position);
                ba.flip();
                bb.flip();
                if (!ba.equals(bb)) {
                    return false;
                }
                position += n;
            }
            return true;
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static long dataSetOffset(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Part10.readHeader(in).dataSetOffset();
        }
    }
}
