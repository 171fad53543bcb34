package org.varde.gateway.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spool on a 4 MiB tmpfs (the database elsewhere) filled up while dcmtk's storescu sends: the
 * instance that does not fit is answered A700 (PS3.4 B.2.3, Out of Resources) with a WARN line that
 * names it and the cause, no partial file is left, every instance acknowledged before is intact and
 * journaled, and once space is freed the same instance is stored.
 * <p>
 * Mounting needs root, which the tests have here and in CI; without it the test fails, so a
 * missing full-disk check can never pass silently.
 */
class DiskFullTest {
    private String token;
    private static final String SENDING = "I: Sending file: ";
    private static final String RESPONSE = "I: Received Store Response (";
    private static final String SUCCESS = "Success";
    /** Instances sent in one go; far more than fit in the space the filler leaves. */
    private static final int INSTANCES = 8;
    /** Whole instances the filler leaves room for (plus a part of one more). */
    private static final int FITTING = 3;

    @TempDir
    Path tmp;
    private Path spoolMount;
    private boolean mounted;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> ingestLog = new ListAppender<>();
    private final ch.qos.logback.classic.Logger sinkLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SpoolingStoreSink.class);

    @BeforeEach
    void mountTinySpool() throws Exception {
        Processes.Result id = Processes.run(List.of("id", "-u"), tmp);
        if (!"0".equals(id.output().trim())) {
            fail("DiskFullTest mounts a tmpfs and must run as root (uid was " + id.output().trim()
                    + "); run the test command as root, as CI does");
        }
        spoolMount = Files.createDirectories(tmp.resolve("storage").resolve("spool"));
        Processes.Result mount = Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                spoolMount.toString()), tmp);
        assertEquals(0, mount.exitCode(), "mount tmpfs: " + mount.output());
        mounted = true;
        ingestLog.start();
        sinkLogger.addAppender(ingestLog);
    }

    @AfterEach
    void unmount() throws Exception {
        sinkLogger.detachAppender(ingestLog);
        try {
            if (gateway != null) {
                gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            if (mounted) {
                Processes.Result umount = Processes.run(List.of("umount", spoolMount.toString()), tmp);
                if (umount.exitCode() != 0) {
                    // a file still open keeps it busy: detach now, the kernel frees it when closed
                    Processes.run(List.of("umount", "-l", spoolMount.toString()), tmp);
                }
            }
        }
    }

    /**
     * 256 x 256 x 16 bit is 128 KiB of pixels, less than one 256 KiB chunk: the disk fills at the
     * final write before the rename. 512 x 512 is 512 KiB, two chunks: it fills during the transfer's
     * streaming writes, while the sender is still sending.
     */
    @ParameterizedTest(name = "{0} x {0} slices")
    @ValueSource(ints = {256, 512})
    void instanceThatDoesNotFitIsAnsweredA700AndNothingAcknowledgedIsLost(int matrix) throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 4242, INSTANCES, matrix));
        files = files.subList(0, INSTANCES);
        long instanceSize = Files.size(files.get(0));
        assertEquals(matrix > 256, instanceSize > 2L * SpoolingStoreSink.CHUNK,
                "instance size against the chunk size, was " + instanceSize);

        startGateway();
        Path filler = spoolMount.resolve("filler.bin");
        fillUntilFree(filler, FITTING * instanceSize + instanceSize / 2);

        List<Outcome> outcomes = send(files);

        // storescu halts after the first unsuccessful store, so the list ends there
        int firstRefused = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            if (!outcomes.get(i).status().equals(SUCCESS)) {
                firstRefused = i;
                break;
            }
        }
        assertTrue(firstRefused >= 1, "some instances fit, then one did not: " + outcomes);
        Outcome refused = outcomes.get(firstRefused);
        // dcmtk names A700 "Refused: OutOfResources" (PS3.4 B.2.3 / PS3.7 C.4.2.1.4)
        assertTrue(refused.status().contains("OutOfResources"), "the instance that does not fit gets A700: " + refused);

        Attributes refusedHeader = DicomFiles.header(refused.file());
        String refusedSop = refusedHeader.getString(Tag.SOPInstanceUID);
        assertClearWarning(refusedSop, refusedHeader);
        assertTrue(gateway.journal().instance(refusedSop).isEmpty(), "a refused instance is not journaled");
        assertFalse(Files.exists(spoolMount.resolve(DicomFiles.spoolPath(refusedHeader))),
                "no partial file under the refused instance's name");
        assertNoTemporaryFiles();

        List<Path> acknowledged = outcomes.stream().filter(o -> o.status().equals(SUCCESS)).map(Outcome::file).toList();
        for (Path source : acknowledged) {
            assertStoredAndJournaled(source);
        }
        assertSpoolHoldsOnly(acknowledged, filler);
        long free = spoolFreeBytesFromHealth();
        assertTrue(free >= 0 && free < 2 * instanceSize, "/health shows the spool nearly full, was " + free);

        Files.delete(filler);
        List<Outcome> retry = send(List.of(refused.file()));
        assertEquals(List.of(new Outcome(refused.file(), SUCCESS)), retry, "stored once space is free");
        assertStoredAndJournaled(refused.file());
        assertNoTemporaryFiles();
    }

    private void startGateway() throws Exception {
        Path db = Files.createDirectories(tmp.resolve("db"));
        GatewayConfig config = GatewayConfig.forTests(tmp.resolve("storage"))
                // the journal on a normal disk: only the spool is full
                .withStore(new StoreSettings("jdbc:h2:file:" + db.resolve("varde") + ";WRITE_DELAY=0", "sa", ""));
        gateway = gateway(config);
        token = gateway.tokens().create("disk-full-test", Role.VIEWER, "test");
        assertEquals(spoolMount.toAbsolutePath().normalize(), gateway.spool().root(), "the spool is the tmpfs");
    }

    private Gateway gateway(GatewayConfig config) throws Exception {
        return Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Writes zeros until only about {@code leave} bytes are free on the spool's file system. */
    private void fillUntilFree(Path filler, long leave) throws IOException {
        long usable = Files.getFileStore(spoolMount).getUsableSpace();
        long fill = usable - leave;
        assertTrue(fill > 0, "the tmpfs has room for the filler: usable " + usable + ", leave " + leave);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < fill; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, fill - written));
            }
        }
    }

    private record Outcome(Path file, String status) {
    }

    /** storescu -v names each file before sending it, then the status of its response. */
    private List<Outcome> send(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "FILLER", "-aec", "VARDE",
                "127.0.0.1", Integer.toString(gateway.dicomPort())));
        files.forEach(f -> command.add(f.toString()));
        Processes.Result sent = Processes.run(command, tmp);
        List<Outcome> outcomes = new ArrayList<>();
        Path current = null;
        for (String line : sent.output().lines().toList()) {
            if (line.startsWith(SENDING)) {
                current = Path.of(line.substring(SENDING.length()).trim());
            } else if (line.startsWith(RESPONSE) && current != null) {
                outcomes.add(new Outcome(current, line.substring(RESPONSE.length(), line.lastIndexOf(')'))));
                current = null;
            }
        }
        assertFalse(outcomes.isEmpty(), "storescu got responses: " + sent.output());
        return outcomes;
    }

    /** One WARN (or ERROR) line names the instance and the cause, and never the patient. */
    private void assertClearWarning(String sopUid, Attributes header) {
        List<String> warnings = ingestLog.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(sopUid))
                .toList();
        assertEquals(1, warnings.size(), "one warning for the refused instance: " + messages());
        String warning = warnings.get(0);
        assertTrue(warning.contains("A700") || warning.contains("OUT_OF_RESOURCES"), "names the status: " + warning);
        assertTrue(warning.contains("No space left on device"), "names the cause: " + warning);
        assertFalse(warning.contains(header.getString(Tag.PatientID)), "no patient ID: " + warning);
        String name = header.getString(Tag.PatientName);
        assertFalse(name != null && warning.contains(name), "no patient name: " + warning);
    }

    private List<String> messages() {
        return ingestLog.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    private void assertStoredAndJournaled(Path source) throws IOException {
        Attributes header = DicomFiles.header(source);
        String relative = DicomFiles.spoolPath(header);
        Path stored = spoolMount.resolve(relative);
        assertTrue(Files.isRegularFile(stored), "acknowledged, in the spool: " + relative);
        assertArrayEquals(DicomFiles.dataSet(source), DicomFiles.dataSet(stored), "intact: " + relative);
        InstanceRecord row = gateway.journal().instance(header.getString(Tag.SOPInstanceUID)).orElse(null);
        assertTrue(row != null, "acknowledged, journaled: " + relative);
        assertEquals(relative, row.spoolPath());
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> incoming = Files.list(spoolMount.resolve(Spool.INCOMING))) {
            assertEquals(List.of(), incoming.toList(), "no .part file left");
        }
    }

    private void assertSpoolHoldsOnly(List<Path> acknowledged, Path filler) throws IOException {
        List<Path> expected = new ArrayList<>();
        expected.add(filler);
        for (Path source : acknowledged) {
            expected.add(spoolMount.resolve(DicomFiles.spoolPath(DicomFiles.header(source))));
        }
        try (Stream<Path> walk = Files.walk(spoolMount)) {
            assertEquals(expected.stream().sorted().toList(), walk.filter(Files::isRegularFile).sorted().toList(),
                    "only the filler and the acknowledged instances, no partial .dcm");
        }
    }

    private long spoolFreeBytesFromHealth() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/health"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        return new JsonObject(health.body()).getLong("spoolFreeBytes");
    }
}
