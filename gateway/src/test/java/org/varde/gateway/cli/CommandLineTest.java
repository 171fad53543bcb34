package org.varde.gateway.cli;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.Main;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.DicomFiles;
import org.varde.testdata.Finding;
import org.varde.testdata.GroundTruth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {
    @TempDir
    Path tmp;

    private List<Path> dicomFiles(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    @Test
    void generateWritesTheRequestedStudiesAndSizes() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Main.run("generate", "--out", out.toString(), "--kind", "mr-head", "--studies", "2",
                "--slices", "3", "--matrix", "32", "--seed", "5"));
        Set<String> studies = new HashSet<>();
        for (Path file : dicomFiles(out)) {
            Attributes header = DicomFiles.header(file);
            studies.add(header.getString(Tag.StudyInstanceUID));
            assertEquals(32, header.getInt(Tag.Rows, 0));
            assertEquals("MR", header.getString(Tag.Modality));
        }
        assertEquals(2, studies.size());
    }

    @Test
    void generateWithPlantWritesAGroundTruthBesideEveryStudyAndHalfArePositive() throws Exception {
        Path out = tmp.resolve("planted");
        String output = capture(() -> assertEquals(0, Main.run("generate", "--out", out.toString(), "--kind", "cxr",
                "--studies", "4", "--matrix", "64", "--seed", "3", "--plant", "opacity:20mm", "--positive-rate", "0.5")));
        assertTrue(output.contains("planted opacity in 2 of 4"), output);
        int present = 0;
        for (int study = 1; study <= 4; study++) {
            GroundTruth truth = GroundTruth.read(out.resolve(study + "/" + GroundTruth.FILE_NAME));
            assertEquals(Finding.OPACITY, truth.finding());
            present += truth.present() ? 1 : 0;
            if (truth.present()) {
                assertEquals(20.0, truth.diameterMm());
            }
        }
        assertEquals(2, present);
    }

    @Test
    void aPlantThatDoesNotFitTheKindOrTheImagesIsAUsageError() {
        String errors = captureErrors(() -> {
            assertEquals(2, Main.run("generate", "--out", tmp.toString(), "--kind", "ct-thorax", "--plant", "opacity"));
            assertEquals(2, Main.run("generate", "--out", tmp.toString(), "--kind", "cxr", "--positive-rate", "0.5"));
            assertEquals(2, Main.run("generate", "--out", tmp.toString(), "--kind", "ct-thorax", "--plant", "nodule:99mm"));
            assertEquals(2, Main.run("generate", "--out", tmp.resolve("short").toString(), "--kind", "ct-thorax",
                    "--slices", "5", "--matrix", "16", "--plant", "nodule:20mm"));
        });
        assertTrue(errors.contains("opacity is planted in cxr studies, not ct-thorax"), errors);
        assertTrue(errors.contains("--positive-rate needs --plant"), errors);
        assertTrue(errors.contains("nodule diameter must be 4 to 20 mm, was 99 mm"), errors);
        assertTrue(errors.contains("needs a CT at least 24 mm long"), errors);
    }

    @Test
    void unknownKindAndBadOptionsAreUsageErrors() {
        assertEquals(2, Main.run("generate", "--out", tmp.toString(), "--kind", "pet-ct"));
        assertEquals(2, Main.run("generate", "--out", tmp.toString(), "--kind", "cxr", "--matrix", "3"));
        assertNotEquals(0, Main.run("send", tmp.toString()));
        assertEquals(2, Main.run("send", tmp.toString(), "--to", "localhost", "--aet", "VARDE"));
    }

    @Test
    void sendStoresEveryFileOfAFolderAndReportsEach() throws Exception {
        Path source = tmp.resolve("source");
        // with a plant: the ground truth file beside the study is no DICOM and is not sent
        assertEquals(0, Main.run("generate", "--out", source.toString(), "--kind", "wrist", "--seed", "8",
                "--plant", "fracture"));
        assertTrue(Files.exists(source.resolve("1/" + GroundTruth.FILE_NAME)));
        List<Path> files = dicomFiles(source);
        Vertx vertx = Vertx.vertx();
        Gateway gateway = Gateway.start(vertx, GatewayConfig.forTests(tmp.resolve("storage")))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
            String output = capture(() -> assertEquals(0, Main.run("send", source.toString(),
                    "--to", "127.0.0.1:" + gateway.dicomPort(), "--aet", "VARDE", "--calling-aet", "WRIST_SCU")));
            assertTrue(output.contains(files.size() + " sent, 0 failed"), output);
            assertEquals(files.size(), output.lines().filter(l -> l.startsWith("ok")).count(), output);
            for (Path file : files) {
                String sop = DicomFiles.header(file).getString(Tag.SOPInstanceUID);
                assertEquals("WRIST_SCU", gateway.journal().instance(sop).orElseThrow().callingAeTitle());
            }
        } finally {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sendToNobodyExitsNonZero() throws Exception {
        Path source = tmp.resolve("source");
        assertEquals(0, Main.run("generate", "--out", source.toString(), "--kind", "cxr"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(1, Main.run("send", source.toString(), "--to", "127.0.0.1:" + closedPort, "--aet", "VARDE"));
    }

    private static String capture(Runnable action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String captureErrors(Runnable action) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
