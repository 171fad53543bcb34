package org.varde.dicom.net;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomWriter;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

import java.io.ByteArrayOutputStream;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Varde's StoreScu against dcmtk storescp and Orthanc; what arrives must be the data set that was sent. */
@ExtendWith(VertxExtension.class)
class StoreScuInteropTest {
    @TempDir
    static Path images;
    private static List<Path> sent;

    @BeforeAll
    static void makeImages() throws Exception {
        // different seeds, different SOP instances: one file per transfer syntax
        sent = List.of(TestImages.create(images, 256, 1).implicitLe, TestImages.create(images, 256, 2).explicitLe,
                TestImages.create(images, 256, 3).jpegBaseline);
    }

    @Test
    void storeScuToStorescpDeliversEveryDataSetUnchanged(Vertx vertx, @TempDir Path out) throws Exception {
        FreePort.Started started = FreePort.start(1, ports -> Dcmtk.startLogging(out.resolve("storescp.log"),
                "storescp", "+xa", "-aet", "STORESCP", "-od", out.toString(), String.valueOf(ports[0])),
                ports -> echoes(ports[0], "STORESCP"), Duration.ofSeconds(30));
        Process storescp = started.process();
        int port = started.port();
        try {
            Path notDicom = Files.writeString(images.resolve("not-dicom.txt"), "hello");
            List<Path> files = new ArrayList<>(sent);
            files.add(notDicom);
            List<StoreOutcome> outcomes = Await.result(new StoreScu(vertx, DicomClient.create(vertx))
                    .send("127.0.0.1", port, "VARDE", "STORESCP", files));
            assertEquals(4, outcomes.size());
            for (int i = 0; i < sent.size(); i++) {
                StoreOutcome o = outcomes.get(i);
                assertTrue(o.isSuccess(), o.toString());
                assertEquals(Dcmtk.dumpWithoutMeta(sent.get(i)), Dcmtk.dumpWithoutMeta(receivedBy(out, o.sopInstanceUid())));
                assertEquals(Dcmtk.transferSyntax(sent.get(i)), Dcmtk.transferSyntax(receivedBy(out, o.sopInstanceUid())));
            }
            assertFalse(outcomes.get(3).isSuccess());
            assertNotNull(outcomes.get(3).failureOrNull());
        } finally {
            storescp.destroy();
        }
    }

    @Test
    void deflatedDataSetOfOddLengthIsPaddedSoStorescpTakesIt(Vertx vertx, @TempDir Path out) throws Exception {
        // dcmconv +td writes such files; dcmtk refuses an odd fragment ("Odd Fragment Length") on the wire
        Path odd = oddDeflatedFile(images.resolve("odd-deflated.dcm"));
        FreePort.Started started = FreePort.start(1, ports -> Dcmtk.startLogging(out.resolve("storescp.log"),
                "storescp", "+xa", "-aet", "STORESCP", "-od", out.toString(), String.valueOf(ports[0])),
                ports -> echoes(ports[0], "STORESCP"), Duration.ofSeconds(30));
        try {
            List<StoreOutcome> outcomes = Await.result(new StoreScu(vertx, DicomClient.create(vertx))
                    .send("127.0.0.1", started.port(), "VARDE", "STORESCP", List.of(odd)));
            StoreOutcome o = outcomes.get(0);
            assertTrue(o.isSuccess(), o + "; storescp: " + Files.readString(out.resolve("storescp.log")));
            Path received = receivedBy(out, o.sopInstanceUid());
            assertEquals(UID.DeflatedExplicitVRLittleEndian, Dcmtk.transferSyntax(received));
            assertEquals(Dcmtk.dumpWithoutMeta(odd), Dcmtk.dumpWithoutMeta(received));
        } finally {
            started.process().destroy();
        }
    }

    /** A Part 10 file whose deflated data set has an odd number of bytes, as deflate leaves it. */
    private static Path oddDeflatedFile(Path file) throws Exception {
        for (int n = 0; n < 64; n++) {
            String sopInstance = "1.2.826.0.1.3680043.8.498.77." + n;
            Attributes ds = new Attributes().setString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                    .setString(Tag.SOPInstanceUID, VR.UI, sopInstance).setString(Tag.Modality, VR.CS, "OT")
                    .setString(Tag.StudyDescription, VR.LO, "odd deflate " + "x".repeat(n))
                    .setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.78")
                    .setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.79");
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            new DicomWriter(plain, TransferSyntax.EXPLICIT_LE).writeDataSet(ds);
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try (DeflaterOutputStream z = new DeflaterOutputStream(deflated, deflater)) {
                z.write(plain.toByteArray());
            }
            deflater.end();
            if (deflated.size() % 2 == 1) {
                try (OutputStream os = Files.newOutputStream(file)) {
                    Part10.writeFileMetaInformation(os, UID.SecondaryCaptureImageStorage, sopInstance,
                            UID.DeflatedExplicitVRLittleEndian, null);
                    deflated.writeTo(os);
                }
                return file;
            }
        }
        throw new AssertionError("no odd deflate stream in 64 tries");
    }

    @Test
    void storeScuToOrthancDeliversEveryDataSetUnchanged(Vertx vertx, @TempDir Path work) throws Exception {
        Path config = work.resolve("orthanc.json");
        Files.createDirectories(work.resolve("storage"));
        HttpClient http = HttpClient.newHttpClient();
        FreePort.Started started = FreePort.start(2, ports -> {
            Files.writeString(config, """
                    {"Name": "varde-test", "DicomAet": "ORTHANC", "DicomPort": %d, "HttpPort": %d,
                     "StorageDirectory": "%s", "IndexDirectory": "%s", "RemoteAccessAllowed": false,
                     "AuthenticationEnabled": false, "DicomCheckCalledAet": false, "HttpBind": "127.0.0.1",
                     "DicomBind": "127.0.0.1", "Plugins": []}
                    """.formatted(ports[0], ports[1], work.resolve("storage"), work.resolve("storage")));
            return Dcmtk.startLogging(work.resolve("orthanc.log"), "/usr/sbin/Orthanc", config.toString());
        }, ports -> get(http, "http://127.0.0.1:" + ports[1] + "/system") != null, Duration.ofSeconds(60));
        Process orthanc = started.process();
        int dicomPort = started.ports()[0];
        String base = "http://127.0.0.1:" + started.ports()[1];
        try {
            List<StoreOutcome> outcomes = Await.result(new StoreScu(vertx, DicomClient.create(vertx))
                    .send("127.0.0.1", dicomPort, "VARDE", "ORTHANC", sent));
            for (StoreOutcome o : outcomes) {
                assertTrue(o.isSuccess(), o.toString());
            }
            List<String> ids = ids(get(http, base + "/instances"));
            assertEquals(sent.size(), ids.size());
            Map<String, String> sentDumps = new java.util.HashMap<>();
            for (Path p : sent) {
                sentDumps.put(Dcmtk.dumpWithoutMeta(p), p.toString());
            }
            for (String id : ids) {
                Path file = work.resolve(id + ".dcm");
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(base + "/instances/" + id + "/file"))
                        .build(), HttpResponse.BodyHandlers.ofFile(file));
                assertEquals(200, r.statusCode());
                assertTrue(sentDumps.containsKey(Dcmtk.dumpWithoutMeta(file)), "Orthanc holds a data set we did not send");
            }
        } finally {
            orthanc.destroy();
            orthanc.waitFor();
        }
    }

    /** One C-ECHO; short dcmtk timeouts, as the caller polls and must notice soon if the peer exited. */
    private static boolean echoes(int port, String aet) {
        try {
            return Dcmtk.run(30, "echoscu", "-to", "5", "-ta", "5", "-aec", aet, "127.0.0.1",
                    String.valueOf(port)).exitCode() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** storescp names files by modality and SOP instance UID. */
    private static Path receivedBy(Path dir, String sopInstanceUid) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(sopInstanceUid)).findFirst()
                    .orElseThrow(() -> new AssertionError("storescp did not write " + sopInstanceUid));
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> ids(String jsonArray) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"([0-9a-f-]+)\"").matcher(jsonArray);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
