package org.varde.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dcmtk's storescu through the whole gateway: what lands in the spool is what was sent. */
class GatewayInteropTest {
    private String token;

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        GatewayConfig config = GatewayConfig.forTests(tmp.resolve("storage"));
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        token = gateway.tokens().create("interop-test", Role.OPERATOR, "test");
    }

    @AfterEach
    void stop() throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void implicitLittleEndianFromStorescuIsStoredAsSent() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path source : generated(StudyKind.CT_THORAX, 11)) {
            Path implicit = tmp.resolve("implicit-" + files.size() + ".dcm");
            Processes.Result converted = Processes.run(List.of("dcmconv", "+ti", source.toString(), implicit.toString()), tmp);
            assertEquals(0, converted.exitCode(), converted.output());
            files.add(implicit);
        }
        sendAndCompare(files, "-xi", UID.ImplicitVRLittleEndian);
    }

    @Test
    void explicitLittleEndianFromStorescuIsStoredAsSent() throws Exception {
        sendAndCompare(generated(StudyKind.CXR, 12), "-xe", UID.ExplicitVRLittleEndian);
    }

    @Test
    void unsafeUidFromStorescuIsAnsweredC000AndNothingIsSpooled() throws Exception {
        Attributes dataSet = new Attributes();
        dataSet.setString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage);
        dataSet.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.543.42");
        dataSet.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3/../../../../../tmp/varde-escape");
        dataSet.setString(Tag.SeriesInstanceUID, VR.UI, UID.generate());
        dataSet.setString(Tag.Modality, VR.CS, "OT");
        Path file = tmp.resolve("unsafe.dcm");
        Part10.writeFile(file, dataSet, TransferSyntax.EXPLICIT_LE);

        Processes.Result sent = Processes.run(List.of("storescu", "-v", "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort()), file.toString()), tmp);

        assertTrue(sent.output().contains("Received Store Response (Error: CannotUnderstand)"), sent.output());
        try (java.util.stream.Stream<Path> spool = Files.walk(gateway.spool().root())) {
            assertEquals(List.of(), spool.filter(Files::isRegularFile).toList());
        }
        assertTrue(gateway.journal().studies(10).isEmpty());
    }

    private List<Path> generated(StudyKind kind, long seed) throws Exception {
        return StudyGenerator.generate(tmp.resolve("source-" + kind.cliName()), new GeneratorOptions(kind, 1, seed, 3, 64));
    }

    private void sendAndCompare(List<Path> files, String proposal, String expectedTs) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-v", proposal, "-aet", "STORESCU", "-aec", "VARDE",
                "127.0.0.1", Integer.toString(gateway.dicomPort())));
        files.forEach(f -> command.add(f.toString()));
        Processes.Result sent = Processes.run(command, tmp);
        assertEquals(0, sent.exitCode(), sent.output());
        assertEquals(files.size(), sent.output().lines().filter(l -> l.contains("Received Store Response (Success)")).count(),
                sent.output());

        String studyUid = null;
        for (Path source : files) {
            Attributes header = header(source);
            studyUid = header.getString(Tag.StudyInstanceUID);
            String relative = studyUid + "/" + header.getString(Tag.SeriesInstanceUID) + "/"
                    + header.getString(Tag.SOPInstanceUID) + ".dcm";
            Path stored = gateway.spool().resolve(relative);
            assertTrue(Files.isRegularFile(stored), "in the spool: " + relative);
            assertEquals(Processes.dumpDataSet(source, tmp), Processes.dumpDataSet(stored, tmp),
                    "dcmdump of the stored data set equals the sent one: " + source);
            InstanceRecord row = gateway.journal().instance(header.getString(Tag.SOPInstanceUID)).orElseThrow();
            assertEquals(expectedTs, row.transferSyntaxUid());
            assertEquals("STORESCU", row.callingAeTitle());
            assertEquals(relative, row.spoolPath());
        }

        HttpResponse<String> study = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/studies/" + studyUid))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, study.statusCode());
        assertEquals(files.size(), new JsonObject(study.body()).getInteger("instanceCount"));
        JsonArray series = new JsonObject(study.body()).getJsonArray("series");
        assertTrue(series.size() >= 1);
        // no caller is configured here: the label is "other", never the AE title the peer sent
        assertTrue(gateway.metrics().scrape().contains("varde_dicom_associations_total{calling_ae=\"other\"} 1.0"));
    }

    private static Attributes header(Path file) throws Exception {
        return DicomFiles.header(file);
    }
}
