package org.varde.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.testing.ChildGateways;
import org.varde.gateway.testing.CommandLineTokens;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash window that answering before the journal commit opens (issue 9): the gateway, its own
 * JVM, answers every C-STORE of a study with success while its journal rows still wait for their
 * group commit (held back with {@code store.commitDelayMillis}), and is killed with SIGKILL then. The
 * database holds none of them at that moment. After a restart the reconcile journals every
 * acknowledged instance from its spool file, with its study arrival, the study completes once on its
 * idle deadline and is handed to routing once: one generation, every instance in it.
 */
class AcknowledgedBeforeJournalCommitTest {
    private static final String SUCCESS = "I: Received Store Response (Success)";
    private static final int SLICES = 24;

    @TempDir
    Path tmp;
    private int httpPort;
    private ChildGateways gateways;

    @AfterEach
    void endProcesses() throws Exception {
        if (gateways != null) {
            gateways.close();
        }
    }

    @Test
    void instancesAcknowledgedBeforeTheirJournalCommitAreJournaledAfterKillDashNineAndTheStudyRoutesOnce()
            throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 909, SLICES, 64));
        Set<String> sent = new TreeSet<>();
        String study = null;
        for (Path file : files) {
            Attributes header = DicomFiles.header(file);
            sent.add(header.getString(Tag.SOPInstanceUID));
            study = header.getString(Tag.StudyInstanceUID);
        }
        assertEquals(1, files.stream().map(f -> {
            try {
                return DicomFiles.header(f).getString(Tag.StudyInstanceUID);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count(), "one study");

        int dicomPort = ChildGateways.freePort();
        httpPort = ChildGateways.freePort();
        gateways = new ChildGateways(httpPort);
        Path storage = tmp.resolve("storage");
        // ten minutes: no row is committed before the kill (nothing reads the journal meanwhile)
        Path held = config(dicomPort, storage, "store:\n  commitDelayMillis: 600000\n");
        gateways.token(CommandLineTokens.create(held, "crash-window", "viewer"));
        Process first = gateways.start(held, tmp.resolve("gateway-1.log"));

        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "SENDER0", "-aec", "VARDE",
                "127.0.0.1", Integer.toString(dicomPort)));
        files.forEach(f -> command.add(f.toString()));
        Processes.Result stored = Processes.run(command, tmp);
        long acked = stored.output().lines().filter(l -> l.startsWith(SUCCESS)).count();
        assertEquals(files.size(), acked, "every instance answered success: " + stored.output());

        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        Path database = storage.resolve("db").resolve("varde");
        assertEquals(0, count(database, "SELECT COUNT(*) FROM instances"),
                "the kill came before the group commit: no row was committed");
        assertEquals(0, count(database, "SELECT COUNT(*) FROM study_arrivals"), "nor any arrival");

        Path normal = config(dicomPort, storage, "");
        Process second = gateways.start(normal, tmp.resolve("gateway-2.log"));
        String studyUid = study;
        boolean routed = Poll.untilIo(Duration.ofSeconds(120),
                () -> routedByApi(studyUid));
        // a stop, not a kill: the database is read below by this JVM
        second.destroy();
        int routings = routedGenerations(studyUid);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "gateway stops on SIGTERM");
        assertTrue(routed, "the study completed and was handed to routing: " + Files.readString(tmp.resolve("gateway-2.log")));

        assertEquals(1, routings, "routed once");
        assertEquals(sent, strings(database, "SELECT sop_instance_uid FROM instances"),
                "every acknowledged instance is journaled, once");
        assertEquals(sent, strings(database, "SELECT sop_instance_uid FROM study_arrivals WHERE generation = 0"),
                "every acknowledged instance arrived in the study's first generation");
        assertEquals(1, count(database, "SELECT COUNT(*) FROM study_generations"),
                "completed once: no follow-up generation");
        assertEquals(1, count(database, "SELECT COUNT(*) FROM study_generations WHERE routed_at IS NOT NULL "
                + "AND generation = 0 AND completion_trigger = 'IDLE'"), "handed to routing once");
        assertEquals(List.of(), Files.list(storage.resolve("spool").resolve(".incoming")).toList());
    }

    /**
     * A resend of a journaled instance replaces its spool file and is answered while its new row
     * still waits; killed then, the database holds the first copy's row. After the restart the row
     * describes the file in the spool (the resend's sender and time), not the copy it replaced.
     */
    @Test
    void resendAcknowledgedBeforeItsJournalCommitIsJournaledAgainAfterKillDashNine() throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("source"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 910, 4, 64));
        Path resent = files.get(0);
        String sop = DicomFiles.header(resent).getString(Tag.SOPInstanceUID);
        int dicomPort = ChildGateways.freePort();
        httpPort = ChildGateways.freePort();
        gateways = new ChildGateways(httpPort);
        Path storage = tmp.resolve("storage");
        Path database = storage.resolve("db").resolve("varde");
        Path normal = config(dicomPort, storage, "");
        Path held = config(dicomPort, storage, "store:\n  commitDelayMillis: 600000\n");
        gateways.token(CommandLineTokens.create(normal, "resend", "viewer"));
        String ofResent = "SELECT calling_ae_title FROM instances WHERE sop_instance_uid = '" + sop + "'";

        Process first = gateways.start(normal, tmp.resolve("gateway-1.log"));
        assertEquals(files.size(), acknowledged("SENDER0", dicomPort, files), "the first copies stored");
        first.destroy(); // a stop: every row committed
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Set.of("SENDER0"), strings(database, "SELECT calling_ae_title FROM instances"));

        Process second = gateways.start(held, tmp.resolve("gateway-2.log"));
        assertEquals(1, acknowledged("SENDER1", dicomPort, List.of(resent)), "the resend answered success");
        second.destroyForcibly();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Set.of("SENDER0"), strings(database, ofResent), "killed before the resend's row was committed");

        Process third = gateways.start(normal, tmp.resolve("gateway-3.log"));
        third.destroy();
        assertTrue(third.waitFor(60, TimeUnit.SECONDS), "gateway stops on SIGTERM");
        assertEquals(Set.of("SENDER1"), strings(database, ofResent),
                "the row describes the resent file: " + Files.readString(tmp.resolve("gateway-3.log")));
        assertEquals(Set.of("SENDER0"), strings(database, "SELECT DISTINCT calling_ae_title FROM instances WHERE "
                + "sop_instance_uid <> '" + sop + "'"), "the other rows untouched");
        assertEquals(files.size(), count(database, "SELECT COUNT(*) FROM instances"), "one row per instance");
    }

    /** storescu from {@code callingAe}: how many of {@code files} were answered success. */
    private long acknowledged(String callingAe, int dicomPort, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", callingAe, "-aec", "VARDE",
                "127.0.0.1", Integer.toString(dicomPort)));
        files.forEach(f -> command.add(f.toString()));
        return Processes.run(command, tmp).output().lines().filter(l -> l.startsWith(SUCCESS)).count();
    }

    private Path config(int dicomPort, Path storage, String store) throws IOException {
        return Files.writeString(tmp.resolve("varde-" + (store.isEmpty() ? "normal" : "held") + ".yaml"),
                String.format("""
                        dicom:
                          port: %d
                          allowedCallers: [SENDER0, SENDER1]
                        http:
                          port: %d
                        storage:
                          dir: %s
                          fsync: true
                        completion:
                          defaultIdleSeconds: 2
                        """, dicomPort, httpPort, storage) + store);
    }

    /** StudyRouting's INFO line: "study UID generation N (TRIGGER) routed: ...". */
    private int routedGenerations(String studyUid) throws IOException {
        return (int) Files.readAllLines(tmp.resolve("gateway-2.log")).stream()
                .filter(l -> l.contains("study " + studyUid + " generation ") && l.contains(" routed: ")).count();
    }

    /** The API's completion of the study: complete and its hand-over to routing recorded. */
    private boolean routedByApi(String studyUid) throws IOException {
        try {
            HttpResponse<String> response = gateways.get("/api/studies/" + studyUid);
            if (response.statusCode() != 200) {
                return false;
            }
            JsonObject completion = new JsonObject(response.body()).getJsonObject("completion");
            return completion != null && "COMPLETE".equals(completion.getString("state"))
                    && Boolean.TRUE.equals(completion.getBoolean("routed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Connection open(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + database.toAbsolutePath(), "sa", "");
    }

    private static long count(Path database, String sql) throws SQLException {
        try (Connection c = open(database); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> strings(Path database, String sql) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Connection c = open(database); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
