package org.varde.gateway.api;

import io.vertx.core.Vertx;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenStore;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.HttpSettings;
import org.varde.gateway.jobs.JdbcJobStore;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.NewJob;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Jdbc;
import org.varde.gateway.store.JdbcJournal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP API on a real journal, job store and token store (embedded H2) with a stub pipeline, one
 * study of a patient with every identity field set, and real HTTP on an ephemeral port.
 */
final class ApiFixture implements AutoCloseable {
    static final String STUDY = "1.2.826.0.1.3680043.10.543.1";
    static final String PATIENT_ID = "01017012345";
    static final String PATIENT_NAME = "Ødegård^Åse";
    static final String BIRTH_DATE = "19700101";
    static final String ACCESSION = "ACC123";

    final Vertx vertx = Vertx.vertx();
    final HttpClient http = HttpClient.newHttpClient();
    final JdbcJournal journal;
    final Spool spool;
    final GatewayMetrics metrics = new GatewayMetrics();
    final TokenStore tokens;
    final JdbcJobStore jobs;
    final AtomicBoolean dicomListening = new AtomicBoolean(true);
    final GatewayConfig config;
    StubPipeline pipeline;
    final org.varde.gateway.review.ReviewGate reviews;
    HttpApi api;
    int port;

    ApiFixture(Path tmp) throws Exception {
        config = GatewayConfig.forTests(tmp);
        spool = Spool.open(config.storage());
        journal = JdbcJournal.open(config.store());
        metrics.watchSpoolFreeBytes(spool::freeBytes);
        tokens = new TokenStore(journal.dataSource(), Clock.systemUTC());
        jobs = new JdbcJobStore(journal.dataSource());
        pipeline = new StubPipeline(jobs);
        reviews = new org.varde.gateway.review.ReviewGate(vertx, new org.varde.gateway.review.ReviewStore(
                journal.dataSource()), new org.varde.gateway.review.ReviewMetrics(metrics.registry()), Clock.systemUTC());
        pipeline.reviews = reviews;
        journal.record(instance("1.2.3.1", "1.2.3.100", Instant.parse("2026-11-28T10:00:00Z")));
        journal.record(instance("1.2.3.2", "1.2.3.100", Instant.parse("2026-11-28T10:00:01Z")));
        journal.record(instance("1.2.3.3", "1.2.3.101", Instant.parse("2026-11-28T10:00:02Z")));
    }

    static InstanceRecord instance(String sop, String series, Instant received) {
        return new InstanceRecord(sop, STUDY, series, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                PATIENT_ID, PATIENT_NAME, BIRTH_DATE, "F", "056Y", ACCESSION, "CT", "CHEST",
                "CT Thorax", "Thorax 1.0", "ORIGINAL\\PRIMARY\\AXIAL", 1.0, null, "Synthetic Hospital",
                "CT01", "Synthetic", "CT_SCANNER", 4242, received, STUDY + "/" + series + "/" + sop + ".dcm", false);
    }

    /** Starts (or restarts) the API with these settings and the current pipeline. */
    ApiFixture start(HttpSettings settings) throws Exception {
        return start(settings, null);
    }

    /** Starts the API with an OpenID Connect verifier (null: none). */
    ApiFixture start(HttpSettings settings, org.varde.gateway.access.JwtVerifier jwts) throws Exception {
        stopApi();
        api = new HttpApi(vertx, settings, journal, spool, metrics, dicomListening::get, pipeline, tokens, jwts);
        port = api.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return this;
    }

    ApiFixture start() throws Exception {
        return start(config.http());
    }

    private void stopApi() throws Exception {
        if (api != null) {
            api.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            api = null;
        }
    }

    /** A fresh named token of this role; its secret. */
    String token(Role role) {
        return tokens.create(role.word() + "-" + System.nanoTime(), role, "test");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    HttpResponse<String> delete(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    /** Without the check against the OpenAPI document: for a caller that checks what it needs itself. */
    HttpResponse<String> sendUnchecked(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and checks the answer against the OpenAPI document (status, media type, schema). */
    HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> answer = sendUnchecked(request, token);
        OpenApiSchemas.assertDocumented(answer.request().method(), answer.request().uri().getRawPath(), answer);
        return answer;
    }

    /**
     * A lung-nodules job for study {@code studyUid} and a RECEIVED result of it with this verdict, as
     * the results stage would have recorded it; the result's id ({@code result-<n>}).
     */
    String receivedResult(String studyUid, int n, String verdict) throws Exception {
        Job job = jobs.create(new NewJob(studyUid, "lung-nodules", "ct",
                RouteMode.CLINICAL, 1, List.of("1.2.3.100")));
        String id = "result-" + n;
        try (Connection c = journal.dataSource().getConnection()) {
            Jdbc.update(c, "INSERT INTO results (id, job_id, algorithm_id, study_instance_uid, "
                    + "status, verdict, reported_name, reported_version, approved_version, result_json, protocol, "
                    + "received_at) VALUES (?, ?, ?, ?, 'RECEIVED', ?, 'PulmoSpot', '3.2.0', '3.2.0', '{}', 'dicom', ?)",
                    id, job.id(), "lung-nodules", job.studyInstanceUid(), verdict, Instant.now());
        }
        return id;
    }

    @Override
    public void close() throws Exception {
        try {
            stopApi();
        } finally {
            journal.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            spool.close(); // waits for a slot refill still running, before the test's folder goes
        }
    }
}
