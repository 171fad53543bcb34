package org.varde.gateway.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.StoreSettings;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spool's two guards with dcmtk's storescu as the sender: the free-space guard on a real small
 * file system (an 8 MiB tmpfs, as {@link DiskFullTest} mounts it; needs root, fails without it) and
 * the maximum instance size.
 */
class SpoolGuardsTest {
    private static final long MIB = 1L << 20;
    private static final String REFUSED = "Refused: OutOfResources";

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
    void listen() {
        ingestLog.start();
        sinkLogger.addAppender(ingestLog);
    }

    @AfterEach
    void stop() throws Exception {
        sinkLogger.detachAppender(ingestLog);
        try {
            if (gateway != null) {
                gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            if (mounted && Processes.run(List.of("umount", spoolMount.toString()), tmp).exitCode() != 0) {
                Processes.run(List.of("umount", "-l", spoolMount.toString()), tmp);
            }
        }
    }

    @Test
    void belowTheFreeSpaceMinimumANewInstanceIsRefusedA700WithoutWritingAndStoresOnceSpaceIsFreed()
            throws Exception {
        mountTinySpool();
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 77, 2, 64));
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"))
                .withStore(new StoreSettings("jdbc:h2:file:" + Files.createDirectories(tmp.resolve("db"))
                        .resolve("varde") + ";WRITE_DELAY=0", "sa", ""));
        start(base.withStorage(base.storage().withMinFreeBytes(4 * MIB)));
        assertEquals(spoolMount.toAbsolutePath().normalize(), gateway.spool().root(), "the spool is the tmpfs");

        Processes.Result first = storescu(files.get(0));
        assertTrue(first.output().contains("(Success)"), "above the minimum it stores: " + first.output());

        Path filler = spoolMount.resolve("filler.bin");
        fillUntilFree(filler, 3 * MIB);
        long freeBefore = Files.getFileStore(spoolMount).getUsableSpace();
        Processes.Result refused = storescu(files.get(1));
        assertTrue(refused.output().contains(REFUSED), "A700 below the minimum: " + refused.output());

        Attributes header = DicomFiles.header(files.get(1));
        String sopUid = header.getString(Tag.SOPInstanceUID);
        assertFalse(Files.exists(spoolMount.resolve(DicomFiles.spoolPath(header))), "no instance file");
        assertEquals(List.of(), incoming(), "no temporary file");
        assertEquals(freeBefore, Files.getFileStore(spoolMount).getUsableSpace(), "not a byte written");
        assertTrue(gateway.journal().instance(sopUid).isEmpty());
        String warning = warningAbout(sopUid);
        assertTrue(warning.contains("A700") && warning.contains("storage.minFreeBytes"), warning);

        Files.delete(filler);
        Processes.Result retried = storescu(files.get(1));
        assertTrue(retried.output().contains("(Success)"), "stores again once space is freed: " + retried.output());
        assertTrue(Files.isRegularFile(spoolMount.resolve(DicomFiles.spoolPath(header))));
        assertTrue(gateway.journal().instance(sopUid).isPresent());
    }

    @Test
    void instanceLargerThanTheMaximumIsRefusedA700AndItsPartialFileRemoved() throws Exception {
        Path small = StudyGenerator.generate(tmp.resolve("small"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 78, 1, 64))
                .get(0);
        Path large = StudyGenerator.generate(tmp.resolve("large"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 79, 1, 1024))
                .get(0);
        assertTrue(Files.size(large) > 2 * MIB, "the large instance is over the limit: " + Files.size(large));
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        start(base.withStorage(base.storage().withMaxInstanceBytes(MIB)));

        Processes.Result sent = storescu(small, large);

        assertTrue(sent.output().contains("(Success)"), "a small one is stored: " + sent.output());
        assertTrue(sent.output().contains(REFUSED), "the large one is refused with A700: " + sent.output());
        Attributes header = DicomFiles.header(large);
        String sopUid = header.getString(Tag.SOPInstanceUID);
        assertFalse(Files.exists(gateway.spool().resolve(DicomFiles.spoolPath(header))));
        assertTrue(gateway.journal().instance(sopUid).isEmpty());
        String warning = warningAbout(sopUid);
        assertTrue(warning.contains("A700") && warning.contains("storage.maxInstanceBytes"), warning);
        // the partial file goes on a worker after the answer: wait for it, never sleep
        assertTrue(org.varde.gateway.testing.Poll.untilIo(java.time.Duration.ofSeconds(30), () -> incoming().isEmpty()),
                "partial file removed: " + incoming());
    }

    private void start(GatewayConfig config) throws Exception {
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void mountTinySpool() throws Exception {
        Processes.Result id = Processes.run(List.of("id", "-u"), tmp);
        if (!"0".equals(id.output().trim())) {
            fail("the free-space guard test mounts a tmpfs and must run as root (uid was " + id.output().trim() + ")");
        }
        spoolMount = Files.createDirectories(tmp.resolve("storage").resolve("spool"));
        Processes.Result mount = Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
                spoolMount.toString()), tmp);
        assertEquals(0, mount.exitCode(), "mount tmpfs: " + mount.output());
        mounted = true;
    }

    /** Writes zeros until only about {@code leave} bytes are free on the spool's file system. */
    private void fillUntilFree(Path filler, long leave) throws IOException {
        long fill = Files.getFileStore(spoolMount).getUsableSpace() - leave;
        assertTrue(fill > 0, "room for the filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < fill; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, fill - written));
            }
        }
    }

    private Processes.Result storescu(Path... files) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("storescu", "-v", "-aet", "MODALITY", "-aec", "VARDE",
                "127.0.0.1", Integer.toString(gateway.dicomPort())));
        for (Path file : files) {
            command.add(file.toString());
        }
        return Processes.run(command, tmp);
    }

    private List<Path> incoming() throws IOException {
        try (Stream<Path> files = Files.list(gateway.spool().root().resolve(Spool.INCOMING))) {
            return files.toList();
        }
    }

    private String warningAbout(String sopUid) {
        List<String> warnings = ingestLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(sopUid)).toList();
        assertEquals(1, warnings.size(), "one warning names the refused instance: " + warnings);
        return warnings.get(0);
    }
}
