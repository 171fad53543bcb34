package org.varde.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.testing.ChildGateways;
import org.varde.gateway.testing.CommandLineTokens;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as its own JVM, killed with SIGKILL while several dcmtk storescu processes send to it:
 * after a restart every instance a sender saw acknowledged is in the spool (byte for byte) and the
 * journal, and no temporary or partial file is visible.
 */
class GatewayDurabilityTest {
    private static final int SENDERS = 4;
    private static final String SENDING = "I: Sending file: ";
    private static final String SUCCESS = "I: Received Store Response (Success)";

    @TempDir
    Path tmp;
    private ChildGateways gateways;
    private final List<Process> senders = new ArrayList<>();

    @AfterEach
    void endProcesses() throws Exception {
        if (gateways != null) {
            gateways.close();
        }
    }

    @Test
    void everyAcknowledgedInstanceSurvivesKillDashNine() throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 4, 2026, 60, 128));
        Map<String, Path> sourceBySop = new HashMap<>();
        for (Path file : files) {
            sourceBySop.put(DicomFiles.header(file).getString(Tag.SOPInstanceUID), file);
        }
        assertTrue(files.size() >= 200, "several hundred instances, was " + files.size());

        int dicomPort = ChildGateways.freePort();
        int httpPort = ChildGateways.freePort();
        gateways = new ChildGateways(httpPort);
        Path storage = tmp.resolve("storage");
        Path config = Files.writeString(tmp.resolve("varde.yaml"), String.format("""
                dicom:
                  port: %d
                  allowedCallers: [SENDER0, SENDER1, SENDER2, SENDER3]
                http:
                  port: %d
                storage:
                  dir: %s
                  fsync: true
                """, dicomPort, httpPort, storage));
        gateways.token(CommandLineTokens.create(config, "durability", "viewer"));

        Process first = gateways.start(config, tmp.resolve("gateway-1.log"));
        List<Path> senderLogs = startSenders(files, dicomPort);
        boolean someAcked = Poll.untilIo(Duration.ofSeconds(120),
                () -> acknowledged(senderLogs).size() >= files.size() / 5);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(someAcked, "senders got acknowledgements before the kill");
        for (Process sender : senders) {
            if (!sender.waitFor(60, TimeUnit.SECONDS)) {
                sender.destroyForcibly();
            }
        }

        Set<Path> acked = acknowledged(senderLogs);
        assertTrue(acked.size() < files.size(), "the gateway was killed before every instance was sent");

        Path secondLog = tmp.resolve("gateway-2.log");
        gateways.start(config, secondLog);
        assertTrue(Files.readString(secondLog).contains("spool reconciled"), Files.readString(secondLog));

        Path spoolRoot = storage.resolve("spool");
        try (Stream<Path> incoming = Files.list(spoolRoot.resolve(Spool.INCOMING))) {
            assertEquals(List.of(), incoming.toList(), "no temporary file after reconcile");
        }
        List<Path> stored = spoolFiles(spoolRoot);
        for (Path file : stored) {
            Attributes header = DicomFiles.header(file);
            Path source = sourceBySop.get(header.getString(Tag.SOPInstanceUID));
            assertTrue(source != null, "spool holds only sent instances: " + file);
            assertArrayEquals(DicomFiles.dataSet(source), DicomFiles.dataSet(file), "complete, never partial: " + file);
        }

        Set<String> journaled = journaledSopUids();
        System.out.printf("%d instances sent, %d acknowledged before the kill, %d in the spool after restart%n",
                files.size(), acked.size(), stored.size());
        assertEquals(stored.size(), journaled.size(), "one journal row per spool file");
        for (Path source : acked) {
            Attributes header = DicomFiles.header(source);
            String sop = header.getString(Tag.SOPInstanceUID);
            assertTrue(Files.isRegularFile(spoolRoot.resolve(DicomFiles.spoolPath(header))), "acknowledged, spooled: " + source);
            assertTrue(journaled.contains(sop), "acknowledged, journaled: " + source);
        }
    }

    /** SENDERS storescu processes, each with its share of the files, over its own association. */
    private List<Path> startSenders(List<Path> files, int dicomPort) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "SENDER" + s, "-aec", "VARDE",
                    "127.0.0.1", Integer.toString(dicomPort)));
            for (int i = s; i < files.size(); i += SENDERS) {
                command.add(files.get(i).toString());
            }
            Path log = tmp.resolve("sender-" + s + ".log");
            senders.add(gateways.track(Processes.start(command, log)));
            logs.add(log);
        }
        return logs;
    }

    /** storescu -v names each file before sending it and then its response: the files answered Success. */
    private static Set<Path> acknowledged(List<Path> senderLogs) throws IOException {
        Set<Path> acked = new HashSet<>();
        for (Path log : senderLogs) {
            Path current = null;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(SENDING)) {
                    current = Path.of(line.substring(SENDING.length()).trim());
                } else if (line.startsWith(SUCCESS) && current != null) {
                    acked.add(current);
                    current = null;
                }
            }
        }
        return acked;
    }

    private static List<Path> spoolFiles(Path spoolRoot) throws IOException {
        try (Stream<Path> walk = Files.walk(spoolRoot)) {
            List<Path> all = walk.filter(Files::isRegularFile).toList();
            for (Path file : all) {
                assertTrue(file.toString().endsWith(Spool.INSTANCE_SUFFIX), "only instance files: " + file);
            }
            return all;
        }
    }

    private Set<String> journaledSopUids() throws Exception {
        Set<String> sops = new HashSet<>();
        JsonArray studies = new JsonArray(gateways.get("/api/studies").body());
        for (int i = 0; i < studies.size(); i++) {
            JsonObject summary = studies.getJsonObject(i);
            assertEquals(0, summary.getInteger("missingFileCount"));
            JsonObject study = new JsonObject(gateways.get("/api/studies/" + summary.getString("studyInstanceUid")).body());
            for (Object series : study.getJsonArray("series")) {
                for (Object instance : ((JsonObject) series).getJsonArray("instances")) {
                    sops.add(((JsonObject) instance).getString("sopInstanceUid"));
                }
            }
        }
        return sops;
    }
}
