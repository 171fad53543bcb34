package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.HttpSettings;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;
import org.varde.gateway.Version;

import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpApiTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final String STUDY = "1.2.826.0.1.3680043.10.543.1";

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private Journal journal;
    private Spool spool;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private HttpApi api;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        GatewayConfig config = GatewayConfig.forTests(tmp, List.of(TOKEN));
        spool = Spool.open(config.storage());
        journal = JdbcJournal.open(config.store());
        metrics.watchSpoolFreeBytes(spool::freeBytes);
        journal.record(instance("1.2.3.1", "1.2.3.100", "CT", Instant.parse("2026-11-28T10:00:00Z")));
        journal.record(instance("1.2.3.2", "1.2.3.100", "CT", Instant.parse("2026-11-28T10:00:01Z")));
        journal.record(instance("1.2.3.3", "1.2.3.101", "CT", Instant.parse("2026-11-28T10:00:02Z")));
        port = start(config.http());
    }

    private int start(HttpSettings settings) throws Exception {
        api = new HttpApi(vertx, settings, journal, spool, metrics, () -> true);
        return api.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        journal.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static InstanceRecord instance(String sop, String series, String modality, Instant received) {
        return new InstanceRecord(sop, STUDY, series, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                "01017012345", "Ødegård^Åse", "19700101", "F", "056Y", "ACC123", modality, "CHEST",
                "CT Thorax", "Thorax 1.0", "ORIGINAL\\PRIMARY\\AXIAL", 1.0, null, "Synthetic Hospital",
                "CT01", "Synthetic", "CT_SCANNER", 4242, received, STUDY + "/" + series + "/" + sop + ".dcm", false);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiWithoutOrWithAWrongTokenAnswers401() throws Exception {
        assertEquals(401, get("/api/studies", null).statusCode());
        assertEquals(401, get("/api/studies", "Bearer not-the-token-at-all").statusCode());
        assertEquals(401, get("/api/studies/" + STUDY, "Basic " + TOKEN).statusCode());
        assertEquals("Bearer realm=\"varde\"", get("/api/studies", null).headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void apiWithNoTokenConfiguredRefusesEveryone() throws Exception {
        api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = start(new HttpSettings("127.0.0.1", 0, List.of()));
        assertEquals(401, get("/api/studies", "Bearer " + TOKEN).statusCode());
        assertEquals(401, get("/api/studies", "Bearer ").statusCode());
    }

    @Test
    void studyListSumsUpTheJournal() throws Exception {
        HttpResponse<String> response = get("/api/studies", "Bearer " + TOKEN);
        assertEquals(200, response.statusCode());
        JsonArray studies = new JsonArray(response.body());
        assertEquals(1, studies.size());
        JsonObject study = studies.getJsonObject(0);
        assertEquals(STUDY, study.getString("studyInstanceUid"));
        assertEquals("01017012345", study.getString("patientId"));
        assertEquals("CT", study.getString("modality"));
        assertEquals("ACC123", study.getString("accessionNumber"));
        assertEquals(2, study.getInteger("seriesCount"));
        assertEquals(3, study.getInteger("instanceCount"));
        assertEquals("2026-11-28T10:00:00Z", study.getString("firstReceived"));
        assertEquals("2026-11-28T10:00:02Z", study.getString("lastReceived"));
    }

    @Test
    void studyShowsItsSeriesAndInstances() throws Exception {
        HttpResponse<String> response = get("/api/studies/" + STUDY, "Bearer " + TOKEN);
        assertEquals(200, response.statusCode());
        JsonObject study = new JsonObject(response.body());
        assertEquals("Ødegård^Åse", study.getString("patientName"));
        JsonArray series = study.getJsonArray("series");
        assertEquals(2, series.size());
        JsonObject first = series.getJsonObject(0);
        assertEquals("1.2.3.100", first.getString("seriesInstanceUid"));
        assertEquals(List.of("1.2.3.1", "1.2.3.2"), first.getJsonArray("instances").stream()
                .map(i -> ((JsonObject) i).getString("sopInstanceUid")).toList());
        assertEquals(4242L, first.getJsonArray("instances").getJsonObject(0).getLong("byteCount"));
    }

    @Test
    void unknownStudyIs404AndUnsafeUidIs400() throws Exception {
        assertEquals(404, get("/api/studies/1.2.3.999", "Bearer " + TOKEN).statusCode());
        assertEquals(400, get("/api/studies/1.2.abc", "Bearer " + TOKEN).statusCode());
        assertEquals(400, get("/api/studies/1..2", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void explainDecidesOnAWorkerNotOnTheEventLoop() throws Exception {
        api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        StubPipeline pipeline = new StubPipeline(null);
        api = new HttpApi(vertx, GatewayConfig.forTests(tmp, List.of(TOKEN)).http(), journal, spool, metrics,
                () -> true, pipeline);
        port = api.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/routes/explain"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"study\": {\"StudyInstanceUID\": \"1.2.3\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(pipeline.routingReads.get() > 0);
        assertFalse(pipeline.routingReadOnEventLoop.get(), "the routing config was read and applied on the event loop");
    }

    @Test
    void healthAndMetricsAreOpen() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertEquals(200, health.statusCode());
        JsonObject body = new JsonObject(health.body());
        assertEquals("UP", body.getString("status"));
        assertEquals(Version.CURRENT, body.getString("version"));
        assertTrue(body.getBoolean("dicomListening"));
        assertTrue(body.getLong("spoolFreeBytes") > 0);

        HttpResponse<String> scrape = get("/metrics", null);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("varde_dicom_associations_active"), scrape.body());
        assertTrue(scrape.body().lines().anyMatch(l -> l.startsWith("varde_spool_free_bytes ") && !l.endsWith("NaN")),
                scrape.body());
        assertTrue(scrape.body().contains("varde_ingest_store_latency_seconds_bucket"), scrape.body());
    }
}
