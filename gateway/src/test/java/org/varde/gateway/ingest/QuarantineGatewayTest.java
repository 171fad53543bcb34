package org.varde.gateway.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quarantine on a running gateway: a spool file the journal refuses no longer keeps the gateway
 * from starting; it is quarantined, counted in {@code /api/health} (a count, no path) and in the metrics.
 */
class QuarantineGatewayTest {
    private String token;

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void gatewayStartsOverASpoolFileTheJournalRefusesAndShowsItQuarantined() throws Exception {
        Path storage = tmp.resolve("storage");
        Path source = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 5, 1, 32))
                .get(0);
        Attributes header = DicomFiles.header(source);
        Path planted = storage.resolve("spool").resolve(DicomFiles.spoolPath(header));
        Files.createDirectories(planted.getParent());
        try (OutputStream out = Files.newOutputStream(planted)) {
            Part10.writeFileMetaInformation(out, header.getString(Tag.SOPClassUID),
                    header.getString(Tag.SOPInstanceUID), SpoolReconcilerTest.LONG_TS_UID, "HOSTILE");
            out.write(DicomFiles.dataSet(source));
        }

        gateway = Gateway.start(vertx, GatewayConfig.forTests(storage))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertFalse(Files.exists(planted), "moved out of the spool");
        assertTrue(gateway.journal().instance(header.getString(Tag.SOPInstanceUID)).isEmpty());
        token = gateway.tokens().create("quarantine-test", Role.VIEWER, "test");
        HttpResponse<String> health = get("/api/health");
        assertEquals(200, health.statusCode(), health.body());
        JsonObject body = new JsonObject(health.body());
        assertEquals("UP", body.getString("status"));
        assertEquals(1L, body.getLong("quarantinedFiles"));
        assertFalse(health.body().contains(storage.toString()), "no path in the health detail: " + health.body());
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("varde_quarantine_files 1.0"), metrics);
        assertTrue(metrics.contains("varde_quarantine_admitted_total{source=\"reconcile\"} 1.0"), metrics);
    }

    /**
     * dcmtk's storescu sends an instance, then another object under the same SOP Instance UID for
     * another patient: both are answered Success, the first stays the instance, and the API lists
     * the second as a conflict without the patient's identity.
     */
    @Test
    void conflictingResendFromStorescuIsAnsweredSuccessAndListedInTheApiWithoutIdentity() throws Exception {
        Path source = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 6, 1, 32))
                .get(0);
        Path conflicting = Files.copy(source, tmp.resolve("conflicting.dcm"));
        Processes.Result modified = Processes.run(List.of("dcmodify", "-nb", "-m", "(0010,0020)=SECOND-PATIENT-0815",
                "-m", "(0010,0010)=Second^Patient", conflicting.toString()), tmp);
        assertEquals(0, modified.exitCode(), modified.output());
        Attributes header = DicomFiles.header(source);
        gateway = Gateway.start(vertx, GatewayConfig.forTests(tmp.resolve("storage")))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        token = gateway.tokens().create("quarantine-test", Role.VIEWER, "test");

        assertEquals(0, storescu(source).exitCode());
        Processes.Result second = storescu(conflicting);
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("Received Store Response (Success)"), second.output());

        InstanceRecord row = gateway.journal().instance(header.getString(Tag.SOPInstanceUID)).orElseThrow();
        assertEquals(header.getString(Tag.PatientID), row.patientId(), "the stored instance stays the instance");
        HttpResponse<String> listed = get("/api/quarantine");
        assertEquals(200, listed.statusCode(), listed.body());
        JsonArray items = new JsonArray(listed.body());
        assertEquals(1, items.size(), listed.body());
        JsonObject item = items.getJsonObject(0);
        assertEquals("CONFLICT", item.getString("reason"));
        assertEquals(header.getString(Tag.SOPInstanceUID), item.getString("sopInstanceUid"));
        assertTrue(item.getString("quarantinedAt") != null);
        assertFalse(listed.body().contains("SECOND-PATIENT") || listed.body().contains("Second^Patient")
                || listed.body().contains(header.getString(Tag.PatientID)), "no identity: " + listed.body());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort()
                + "/api/quarantine")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "behind a token");
        assertTrue(get("/metrics").body().contains("varde_ingest_conflicts_total 1.0"));
        assertEquals(1L, new JsonObject(get("/api/health").body()).getLong("quarantinedFiles"));
    }

    private Processes.Result storescu(Path file) throws Exception {
        return Processes.run(List.of("storescu", "-v", "-aet", "MODALITY", "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort()), file.toString()), tmp);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
